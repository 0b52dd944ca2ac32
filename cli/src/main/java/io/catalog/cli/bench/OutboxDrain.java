package io.catalog.cli.bench;

import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One timed drain of W2's outbox: the publishers paused, {@code rows} outbox rows preloaded with
 * the API's {@link ProductService}, then the clock runs while a drain empties them.
 */
record OutboxDrain(
    BenchContext ctx, ProductService service, ProductDraft draft, int rows, Consumer<String> say) {
  private static final int PRELOAD_THREADS = 4;
  private static final int PRELOAD_BATCH = 250;

  /** What empties the preloaded rows; returns how many it published. */
  interface Drain {
    long run() throws Exception;
  }

  /** Pauses the publishers, preloads {@code rows}, then times {@code drain}; events per second. */
  double time(String how, Drain drain) throws Exception {
    return time(how, drain, null);
  }

  /**
   * As {@link #time(String, Drain)} for a drain that does not know what it published: {@code
   * published} counts the rows, read before the clock starts and after it stops. A count scans the
   * outbox table (half a second and more with a few hundred thousand rows): inside the clock it
   * took that from the drain it timed.
   */
  double time(String how, Drain drain, LongSupplier published) throws Exception {
    ctx.publishers().pauseAll(Duration.ofMinutes(1));
    long count;
    double seconds;
    try {
      long preloadStart = System.nanoTime();
      preload();
      double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
      say.accept(
          String.format(
              Locale.ROOT,
              "W2 preloaded %d outbox rows in %.1f s (%.0f creates/s, %d per transaction)",
              rows,
              preloadSeconds,
              rows / preloadSeconds,
              PRELOAD_BATCH));
      long before = published == null ? 0 : published.getAsLong();
      long start = System.nanoTime();
      long ran = drain.run();
      seconds = (System.nanoTime() - start) / 1e9;
      count = published == null ? ran : published.getAsLong() - before;
    } finally {
      ctx.publishers().resumeAll();
    }
    double rate = count / seconds;
    say.accept(
        String.format(
            Locale.ROOT,
            "W2 %s drained %d rows in %.1f s: %.0f events/s",
            how,
            count,
            seconds,
            rate));
    return rate;
  }

  /** Writes {@code rows} creates, {@value #PRELOAD_BATCH} per transaction on 4 threads (W2, W7). */
  void preload() throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(PRELOAD_THREADS, LoadRunner.daemon("bench-preload"));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int from = 0; from < rows; from += PRELOAD_BATCH) {
        int n = Math.min(PRELOAD_BATCH, rows - from);
        done.add(
            pool.submit(
                () ->
                    ctx.jdbi.useTransaction(
                        h -> {
                          for (int i = 0; i < n; i++) {
                            service.create(h, draft, WriteContext.none());
                          }
                        })));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
