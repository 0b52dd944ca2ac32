package io.catalog.workers.replay;

import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.Decision;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay batch's writers: the partitions of a poll applied side by side through the live
 * handler, one {@code _bulk} stream each, on threads of the batch's own that {@link #close()} stops
 * and awaits. Transient records are retried with back-off until {@link #TRANSIENT_LIMIT}, poison
 * ones skipped and counted.
 */
final class ReplayWriters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplayActivitiesImpl.class);
  static final Duration TRANSIENT_LIMIT = Duration.ofMinutes(2);

  /** Concurrent {@code _bulk} requests of one activity (one per partition). */
  static final int STREAMS = 3;

  /**
   * How long an ending activity waits for its writers after interrupting them; a bulk request that
   * ignores the interrupt is bounded by the Elasticsearch client's own timeouts.
   */
  static final Duration WRITERS_STOP = Duration.ofMinutes(1);

  private final BatchHandler handler;
  private final BatchProgress progress;
  private final ActivityExecutionContext ctx;
  private final ExecutorService streams = streams();

  ReplayWriters(BatchHandler handler, BatchProgress progress, ActivityExecutionContext ctx) {
    this.handler = handler;
    this.progress = progress;
    this.ctx = ctx;
  }

  /**
   * The poll's records per partition, in {@code _bulk} requests of at most {@code batchSize}, the
   * partitions side by side ({@link #STREAMS} at a time): within a partition the order is kept;
   * across partitions it never mattered (external versions). The next poll waits for all of them.
   */
  void applyByPartition(List<ConsumerRecord<byte[], byte[]>> polled, int batchSize) {
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
    polled.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
    List<Future<?>> running = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> records : byPartition.values()) {
      running.add(
          streams.submit(
              () -> {
                for (int from = 0; from < records.size(); from += batchSize) {
                  apply(records.subList(from, Math.min(records.size(), from + batchSize)));
                }
              }));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // The activity's end stops and awaits these before it reports the failure.
        running.forEach(other -> other.cancel(true));
        throw e.getCause() instanceof RuntimeException re
            ? re
            : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** Applies one batch through the live handler; retries transient records, skips poison. */
  private void apply(List<ConsumerRecord<byte[], byte[]>> batch) {
    List<ConsumerRecord<byte[], byte[]>> pending = batch;
    long giveUp = System.nanoTime() + TRANSIENT_LIMIT.toNanos();
    long backoff = 200;
    while (true) {
      Decision decision = decide(pending);
      progress.add(
          pending.size() - decision.poison().size() - decision.retry().size(),
          decision.poison().size());
      if (decision.retry().isEmpty()) {
        return;
      }
      List<ConsumerRecord<byte[], byte[]>> retry = new ArrayList<>();
      for (int i : decision.retry()) {
        retry.add(pending.get(i));
      }
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException(
            retry.size()
                + " records could not be applied for "
                + TRANSIENT_LIMIT.toMinutes()
                + " minutes (Elasticsearch unavailable?)");
      }
      sleep(backoff);
      backoff = Math.min(backoff * 2, 5_000);
      // Keeps the activity alive through an outage; throws once it is cancelled.
      ctx.heartbeat(progress.result(System.nanoTime()));
      pending = retry;
    }
  }

  /** The handler's decision on the records (all to retry when it threw); poison is logged. */
  private Decision decide(List<ConsumerRecord<byte[], byte[]>> pending) {
    Decision decision;
    try {
      decision = handler.handle(pending);
    } catch (RuntimeException e) {
      decision = Decision.retryAll(pending.size());
    }
    for (var poison : decision.poison().entrySet()) {
      ConsumerRecord<byte[], byte[]> r = pending.get(poison.getKey());
      log.warn(
          "skipping poison record {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          poison.getValue().message());
    }
    return decision;
  }

  private static ExecutorService streams() {
    return Executors.newFixedThreadPool(
        STREAMS,
        r -> {
          Thread t = new Thread(r, "replay-bulk");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Interrupts the writers still running (after a failure of one of them) and waits until every one
   * has ended: only then may the activity end and Temporal start its retry.
   */
  @Override
  public void close() {
    streams.shutdownNow();
    boolean interrupted = false;
    long deadline = System.nanoTime() + WRITERS_STOP.toNanos();
    while (!streams.isTerminated() && System.nanoTime() < deadline) {
      try {
        streams.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting; restored below
      }
    }
    if (!streams.isTerminated()) {
      log.error("replay writers still running {} after the activity ended", WRITERS_STOP);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
