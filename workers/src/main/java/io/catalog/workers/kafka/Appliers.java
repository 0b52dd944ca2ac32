package io.catalog.workers.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link ConsumerLoop} has its batches handled: on the loop's own thread, or, for an {@link
 * BatchHandler#orderInsensitive()} handler, on {@link #DEPTH} threads of their own (the batch being
 * finished and those handled ahead of it), so the loop polls while batches are written.
 */
final class Appliers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Appliers.class);

  /**
   * Batches in hand at once for an order-insensitive handler. Each one is parsed and built before
   * it is sent, and the search node answers a bulk request only after its translog is synced, so a
   * few in hand left the node idle for much of the time: with three, Elasticsearch used 70-80 % of
   * one core during the projection against 117-126 % for a raw load, while the loop's thread spent
   * four fifths of its time waiting for the oldest batch. The projection's rate against a raw
   * {@code _bulk} of the same documents, by batches in hand: 3: 0.66×, 4: 0.69×, 5: 0.75×, 6:
   * 0.78×, 8: 0.82× (docs/benchmarks.md, W3). Eight batches of at most a poll each are a few
   * megabytes.
   */
  static final int DEPTH = 8;

  /** How long a stopping loop waits for batches it is still applying. */
  private static final Duration DEADLINE = Duration.ofSeconds(75);

  /**
   * A polled batch whose handling has begun.
   *
   * @param polledAt {@link Revocations#now()} when it was polled
   */
  record Handling(
      List<ConsumerRecord<byte[], byte[]>> batch, long polledAt, Future<Decision> decision) {

    /** The handler's first decision; a handler that failed outright asks for the whole batch. */
    Decision await() throws InterruptedException {
      try {
        return decision.get();
      } catch (ExecutionException e) {
        log.warn("handling a batch of {} failed, retrying: {}", batch.size(), e.getCause());
        return Decision.retryAll(batch.size());
      }
    }
  }

  private final String name;
  private final ExecutorService threads;

  private Appliers(String name, ExecutorService threads) {
    this.name = name;
    this.threads = threads;
  }

  static Appliers forHandler(String name, BatchHandler handler) {
    if (!handler.orderInsensitive()) {
      return new Appliers(name, null);
    }
    AtomicInteger count = new AtomicInteger();
    return new Appliers(
        name,
        Executors.newFixedThreadPool(
            DEPTH,
            r -> {
              Thread t = new Thread(r, name + "-apply-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            }));
  }

  /** How many batches may be in hand at once: 1 when each is finished before the next poll. */
  int depth() {
    return threads == null ? 1 : DEPTH;
  }

  /** Begins handling {@code batch}; {@code decide} must not throw. */
  Handling start(
      List<ConsumerRecord<byte[], byte[]>> batch, long polledAt, Supplier<Decision> decide) {
    return new Handling(
        batch,
        polledAt,
        threads == null
            ? CompletableFuture.completedFuture(decide.get())
            : threads.submit(decide::get));
  }

  /** Waits for batches still being applied: none of their writes may outlive the loop. */
  @Override
  public void close() {
    if (threads == null) {
      return;
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("{}: a batch is still being applied after {}", name, DEADLINE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
