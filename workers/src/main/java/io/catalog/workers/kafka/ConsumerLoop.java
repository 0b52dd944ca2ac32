package io.catalog.workers.kafka;

import io.catalog.workers.dlq.DeadLetterPublisher;
import io.catalog.workers.kafka.Appliers.Handling;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread owning one consumer (STYLE: the poll loop apart from the pure handler). Offsets are
 * committed only after every record of a batch was applied or dead-lettered, so a crash at any
 * moment re-delivers instead of skipping. An {@link BatchHandler#orderInsensitive()} handler's next
 * batch is handled while the current one is written ({@link Appliers}); batches are still finished
 * and committed one after another, in poll order. Records failing for a passing reason are retried
 * with back-off for as long as it lasts, with the partitions paused (the group keeps the member);
 * poison records are retried {@code maxPoisonAttempts} times, then dead-lettered. Anything else (a
 * commit that timed out, a rebalance that failed the commit, a producer that threw) ends {@link
 * #run()} with the exception after closing the consumer; a {@link ConsumerSupervisor} then starts a
 * new member from the committed offsets.
 */
public final class ConsumerLoop implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /**
   * The poll while a batch is being applied: long enough for a fetch already on its way to land, so
   * the next batch is handled while this one is written; short, because a quiet topic delays only
   * the commit of the batch in hand, not its writes.
   */
  private static final Duration AHEAD_POLL = Duration.ofMillis(20);

  /** Counters the loop reports; implemented by the owner's metrics. */
  public interface Listener {
    default void applied(int records) {}

    default void deadLettered(int records) {}

    default void lag(Map<TopicPartition, Long> lagByPartition) {}

    /** A poll returned: the member is alive and talking to the group coordinator. */
    default void polled() {}

    /** The loop ended (closed or failed): its lag is no longer known. */
    default void stopped() {}
  }

  private final String name;
  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final BatchHandler handler;
  private final DeadLetterPublisher deadLetters;
  private final int maxPoisonAttempts;
  private final Listener listener;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
  private final Revocations revocations;

  public ConsumerLoop(
      String name,
      Consumer<byte[], byte[]> consumer,
      String topic,
      BatchHandler handler,
      DeadLetterPublisher deadLetters,
      int maxPoisonAttempts,
      Listener listener) {
    this.name = name;
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.maxPoisonAttempts = maxPoisonAttempts;
    this.listener = listener;
    this.revocations = new Revocations(name, lag);
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic), revocations);
    Appliers appliers = Appliers.forHandler(name, handler);
    // Batches in poll order, each being handled; the oldest is finished (and committed) once the
    // pipeline is full or a poll brought nothing new.
    Deque<Handling> inHand = new ArrayDeque<>();
    try (appliers) {
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> polled =
            consumer.poll(inHand.isEmpty() ? POLL : AHEAD_POLL);
        listener.polled();
        updateLag();
        if (!polled.isEmpty()) {
          inHand.addLast(start(polled, appliers));
        }
        if (!inHand.isEmpty() && (polled.isEmpty() || inHand.size() >= appliers.depth())) {
          Handling oldest = inHand.pollFirst();
          if (!finish(oldest)) {
            discard(inHand, oldest);
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // A batch still in hand is not committed: the partitions' next owner reads it again.
      listener.stopped();
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("{}: closing the consumer: {}", name, e.toString());
      }
      log.info("{}: stopped", name);
    }
  }

  private Handling start(ConsumerRecords<byte[], byte[]> polled, Appliers appliers) {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
    polled.forEach(batch::add);
    return appliers.start(batch, revocations.now(), () -> decide(batch));
  }

  /**
   * Waits for the batch's handling, retries and dead-letters what it must, and commits the batch;
   * false when the batch was rewound instead (the loop stopped or lost its partitions).
   */
  private boolean finish(Handling h) throws InterruptedException {
    Applied applied = apply(h, h.await());
    if (applied == null || !deadLetter(h, applied.letters(), applied.failures())) {
      return false; // rewound: the batch is read again, by this member or the partitions' new owner
    }
    commit(h.batch());
    return true;
  }

  /**
   * Drops the batches handled ahead of the rewound one, once their writes ended: all are read
   * again, in order (the newest rewound first, so each partition ends at its earliest offset).
   */
  private void discard(Deque<Handling> ahead, Handling rewound) throws InterruptedException {
    for (Handling h : ahead) {
      h.await();
    }
    for (Iterator<Handling> newestFirst = ahead.descendingIterator(); newestFirst.hasNext(); ) {
      rewind(newestFirst.next().batch());
    }
    ahead.clear();
    rewind(rewound.batch());
  }

  /** Poison records to dead-letter, and the transient failures so far (for the back-off). */
  private record Applied(List<DeadLetterPublisher.Letter> letters, int failures) {}

  /**
   * Goes on from the batch's first decision until every record is applied or poison; null when the
   * loop stopped or lost its partitions (the batch rewound).
   */
  private Applied apply(Handling h, Decision first) throws InterruptedException {
    List<ConsumerRecord<byte[], byte[]>> batch = h.batch();
    List<ConsumerRecord<byte[], byte[]>> pending = batch;
    Decision decided = first;
    Map<ConsumerRecord<byte[], byte[]>, Integer> poisonAttempts = new HashMap<>();
    List<DeadLetterPublisher.Letter> letters = new ArrayList<>();
    int failures = 0;
    while (!pending.isEmpty()) {
      if (!running.get() || revocations.since(h.polledAt(), batch)) {
        rewind(batch);
        return null;
      }
      List<ConsumerRecord<byte[], byte[]>> current = pending;
      Decision decision = decided != null ? decided : decide(current);
      decided = null;
      List<ConsumerRecord<byte[], byte[]>> next = new ArrayList<>();
      boolean transientFailure = !decision.retry().isEmpty();
      decision.retry().forEach(i -> next.add(current.get(i)));
      for (var entry : decision.poison().entrySet()) {
        ConsumerRecord<byte[], byte[]> record = current.get(entry.getKey());
        int attempts = poisonAttempts.merge(record, 1, Integer::sum);
        if (attempts >= maxPoisonAttempts) {
          letters.add(new DeadLetterPublisher.Letter(record, entry.getValue(), attempts));
        } else {
          next.add(record);
        }
      }
      listener.applied(pending.size() - decision.retry().size() - decision.poison().size());
      next.sort((a, b) -> Integer.compare(batch.indexOf(a), batch.indexOf(b)));
      if (!next.isEmpty()) {
        failures = transientFailure ? failures + 1 : failures;
        pausedWait(transientFailure ? backoff(failures) : Duration.ofMillis(100), batch);
      }
      pending = next;
    }
    return new Applied(letters, failures);
  }

  /** The handler's decision; a handler that threw asks for the whole batch again. */
  private Decision decide(List<ConsumerRecord<byte[], byte[]>> records) {
    try {
      return handler.handle(records);
    } catch (RuntimeException e) {
      log.warn("{}: batch of {} failed, retrying: {}", name, records.size(), e.toString());
      return Decision.retryAll(records.size());
    }
  }

  /** Publishes the letters, retrying with back-off; false when rewound as {@link #apply}. */
  private boolean deadLetter(Handling h, List<DeadLetterPublisher.Letter> letters, int failures)
      throws InterruptedException {
    List<ConsumerRecord<byte[], byte[]>> batch = h.batch();
    while (!letters.isEmpty()) {
      try {
        deadLetters.publish(letters);
        listener.deadLettered(letters.size());
        letters = List.of();
      } catch (IllegalStateException e) {
        failures++;
        log.warn("{}: {}; retrying", name, e.getMessage());
        if (!running.get() || revocations.since(h.polledAt(), batch)) {
          rewind(batch);
          return false;
        }
        pausedWait(backoff(failures), batch);
      }
    }
    return true;
  }

  private void commit(List<ConsumerRecord<byte[], byte[]>> batch) {
    consumer.commitSync(BatchOffsets.next(batch));
  }

  /** Waits with the partitions paused, so the member stays in the group and reads nothing new. */
  private void pausedWait(Duration wait, List<ConsumerRecord<byte[], byte[]>> batch) {
    Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
    consumer.pause(assigned);
    try {
      ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(wait);
      listener.polled();
      if (!unexpected.isEmpty()) {
        // Partitions assigned during the wait are not paused; read them again later.
        List<ConsumerRecord<byte[], byte[]>> extra = new ArrayList<>();
        unexpected.forEach(extra::add);
        rewind(extra);
      }
    } finally {
      consumer.resume(consumer.assignment());
    }
  }

  /**
   * Moves still-owned partitions back to the batch's first offsets: nothing uncommitted is skipped.
   */
  private void rewind(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<TopicPartition> owned = consumer.assignment();
    BatchOffsets.first(records)
        .forEach(
            (tp, offset) -> {
              if (owned.contains(tp)) {
                consumer.seek(tp, offset);
              }
            });
  }

  private void updateLag() {
    for (TopicPartition tp : consumer.assignment()) {
      consumer.currentLag(tp).ifPresent(l -> lag.put(tp, l));
    }
    listener.lag(Map.copyOf(lag));
  }

  private static Duration backoff(int failures) {
    long millis = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(failures, 10));
    return Duration.ofMillis(millis);
  }

  /** Stops after the current batch; the batch is either committed or re-read by the next owner. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }
}
