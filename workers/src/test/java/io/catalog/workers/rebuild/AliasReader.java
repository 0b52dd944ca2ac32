package io.catalog.workers.rebuild;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A search client during a rebuild: counts the live documents through the alias every 20 ms and
 * remembers the smallest count and the first error (a moment without an alias would be one).
 */
final class AliasReader implements AutoCloseable {
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  AliasReader(LongSupplier liveCount) {
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            min.accumulateAndGet(liveCount.getAsLong(), Math::min);
          } catch (RuntimeException e) {
            error.compareAndSet(null, e);
          }
          reads.incrementAndGet();
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
  }

  long reads() {
    return reads.get();
  }

  long min() {
    return min.get();
  }

  Throwable error() {
    return error.get();
  }

  void stop() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
