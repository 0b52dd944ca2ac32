package io.catalog.workers.rebuild;

import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.Pace;
import io.catalog.testkit.ProductWriters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer busy during a rebuild: creates products, updates and deletes some of those it created
 * (never older ones, so the live count never drops below what it was when the writer started).
 * Stops on {@link #stop()} or after {@code limit} changes.
 *
 * <p>Paced at {@link #PER_SECOND} changes: unpaced, a quiet machine wrote five times as many
 * changes as a busy one during the same rebuild, so the rebuild's catch-ups (and the test) took
 * three times longer exactly where the machine was faster.
 */
final class ChurnWriter implements AutoCloseable {
  static final int PER_SECOND = 250;

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong deletes = new AtomicLong();
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Future<?> loop;

  ChurnWriter(ProductService service, long limit) {
    loop = thread.submit(() -> run(service, limit));
  }

  private void run(ProductService service, long limit) {
    List<Product> mine = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; running.get() && changes.get() < limit; i++) {
      Pace.awaitNanoTime(start + changes.get() * 1_000_000_000L / PER_SECOND);
      mine.add(service.create(ProductWriters.draft(900_000 + i), WriteContext.none()));
      changes.incrementAndGet();
      if (i % 3 == 2) {
        int at = mine.size() / 2;
        Product p = mine.get(at);
        mine.set(
            at, service.update(p.id(), p.version(), ProductWriters.draft(i), WriteContext.none()));
        updates.incrementAndGet();
        changes.incrementAndGet();
      }
      if (i % 5 == 4) {
        Product p = mine.remove(0);
        service.delete(p.id(), p.version(), WriteContext.none());
        deletes.incrementAndGet();
        changes.incrementAndGet();
      }
    }
  }

  long changes() {
    return changes.get();
  }

  long updates() {
    return updates.get();
  }

  long deletes() {
    return deletes.get();
  }

  long stop() throws Exception {
    running.set(false);
    loop.get();
    thread.shutdown();
    return changes.get();
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
