package io.catalog.testkit;

import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Concurrent writers going through {@link ProductService}, as the API and command consumer do. */
public final class ProductWriters {
  private ProductWriters() {}

  public static ProductDraft draft(int n) {
    return new ProductDraft(
        UUID.randomUUID(), "Product " + n, new BigDecimal(n % 1000 + ".99"), "USD", n % 50);
  }

  /**
   * {@code writers} threads, each creating {@code createsPerWriter} products and, after every 8th
   * create, updating the product created 7 before it twice (so 1/4 of the events are updates of
   * products that may still have unpublished events). Returns the number of events written.
   */
  public static long write(ProductService service, int writers, int createsPerWriter)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(pool.submit(() -> writeOne(service, writer, createsPerWriter)));
      }
      long events = 0;
      for (Future<Long> f : results) {
        events += f.get();
      }
      return events;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long writeOne(ProductService service, int writer, int creates) {
    List<Product> created = new ArrayList<>();
    long events = 0;
    for (int i = 0; i < creates; i++) {
      created.add(service.create(draft(writer * 100_000 + i), WriteContext.none()));
      events++;
      if (i % 8 == 7) {
        Product p = created.get(i - 7);
        Product v2 = service.update(p.id(), p.version(), draft(i + 1), WriteContext.none());
        service.update(v2.id(), v2.version(), draft(i + 2), WriteContext.none());
        events += 2;
      }
    }
    return events;
  }

  /**
   * Writes products on one thread until {@link #stop()} or {@code limit} products; for tests that
   * write while something goes wrong.
   */
  public static final class Background implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<?> loop;

    public Background(ProductService service, long limit) {
      loop =
          thread.submit(
              () -> {
                while (running.get() && written.get() < limit) {
                  service.create(draft((int) written.get()), WriteContext.none());
                  written.incrementAndGet();
                }
              });
    }

    public long written() {
      return written.get();
    }

    /** Waits until the limit is written. */
    public long finish() throws Exception {
      loop.get();
      thread.shutdown();
      return written.get();
    }

    public long stop() throws Exception {
      running.set(false);
      loop.get();
      thread.shutdown();
      return written.get();
    }

    @Override
    public void close() throws Exception {
      stop();
    }
  }
}
