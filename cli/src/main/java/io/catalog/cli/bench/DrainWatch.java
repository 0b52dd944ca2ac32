package io.catalog.cli.bench;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits for a relay drain to finish without loading the database whose work it times (W2, W7).
 * Watching the outbox itself meant a {@code count(*)} of the topic's PENDING rows every 20 ms: a
 * parallel scan of the whole table, 50-90 ms and three Postgres processes each time, which took
 * most of a core from the relay it measured. It watches the topic's end offsets instead (a broker
 * request), then confirms with the pending index that no row of the topic is left PENDING.
 */
final class DrainWatch {
  private static final Duration POLL = Duration.ofMillis(20);

  /** A look at the outbox every this many polls, so a drain that publishes fewer still ends. */
  private static final int OUTBOX_EVERY = 50;

  private final BenchContext ctx;
  private final String topic;
  private final List<TopicPartition> partitions;
  private final long recordsBefore;

  private DrainWatch(BenchContext ctx, String topic) throws Exception {
    this.ctx = ctx;
    this.topic = topic;
    this.partitions = ctx.partitions(topic);
    this.recordsBefore = records();
  }

  /** Notes where {@code topic} ends now; call before the publishers start. */
  static DrainWatch of(BenchContext ctx, String topic) throws Exception {
    return new DrainWatch(ctx, topic);
  }

  /**
   * Returns once {@code expected} records reached the topic (or the outbox says none is pending),
   * and no row of the topic is PENDING.
   */
  void await(long expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int poll = 1; records() - recordsBefore < expected; poll++) {
      if (poll % OUTBOX_EVERY == 0 && !anyPending()) {
        return;
      }
      sleepUntil(deadline, timeout);
    }
    while (anyPending()) {
      sleepUntil(deadline, timeout);
    }
  }

  private void sleepUntil(long deadline, Duration timeout) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "the publishers did not drain " + topic + " rows within " + timeout);
    }
    Thread.sleep(POLL.toMillis()); // polling the broker; the publisher has no completion signal
  }

  /** Records in every partition of the topic: its end offsets (no transactions write to it). */
  private long records() throws Exception {
    return ctx.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  /** One walk of the pending index in id order to the first row of the topic: no table scan. */
  private boolean anyPending() {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM outbox_events WHERE status = 'PENDING' AND topic = :t"
                        + " ORDER BY id LIMIT 1")
                .bind("t", topic)
                .mapTo(Long.class)
                .findOne()
                .isPresent());
  }
}
