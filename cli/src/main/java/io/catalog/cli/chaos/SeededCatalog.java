package io.catalog.cli.chaos;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * What a cluster run starts from: a catalog written before the processes start, and a throttled
 * rebuild from the database that is still loading it when the faults come (the rebuild that must
 * complete, docs/architecture.md "Replicas under faults").
 */
final class SeededCatalog {
  /**
   * Products a cluster run's catalog holds before its workload starts, written by the domain's own
   * create (product and outbox row in one transaction).
   */
  static final int PRODUCTS = 5_000;

  /**
   * The throttle of that rebuild: 35–45 s of loading on two busy cores, longer than a short run's
   * faults, and well above the cluster workload's write rate so that its catch-ups converge while
   * the writers go on. (8,000 products loaded for 70 s, and the test command waited 25 s longer for
   * it after the last fault.)
   */
  static final int REBUILD_DOCS_PER_SECOND = 150;

  private static final int PER_TRANSACTION = 1_000;

  private SeededCatalog() {}

  /** The seeded catalog, through the domain's create: each product with its outbox event. */
  static void write(Jdbi jdbi, PlatformNames names, Consumer<String> say) {
    ProductService products = new ProductService(jdbi, names);
    UUID seller = UUID.randomUUID();
    long start = System.nanoTime();
    for (int done = 0; done < PRODUCTS; done += PER_TRANSACTION) {
      int first = done;
      jdbi.useTransaction(
          h -> {
            for (int i = first; i < first + PER_TRANSACTION; i++) {
              ProductDraft draft =
                  new ProductDraft(
                      seller, "seeded " + i, BigDecimal.valueOf(100 + i % 9_000, 2), "USD", i % 50);
              products.create(h, draft, WriteContext.none());
            }
          });
    }
    say.accept(
        String.format(
            "seeded %,d products (with their outbox events) in %.1f s",
            PRODUCTS, FaultInjector.seconds(System.nanoTime() - start)));
  }

  /**
   * Once the seeded events are published (within {@code timeout}), starts the throttled rebuild
   * from the database that the faults will hit while it loads.
   */
  static WorkflowDriver.Started rebuildOncePublished(
      Jdbi jdbi, WorkflowDriver workflows, Duration timeout) throws InterruptedException {
    boolean drained =
        Polling.await(
            timeout,
            () ->
                jdbi.withHandle(h -> h.createQuery(ChaosSql.OUTBOX_PENDING).mapTo(Long.class).one())
                    == 0);
    if (!drained) {
      throw new IllegalStateException(
          "the seeded outbox was not published within " + timeout.toSeconds() + " s");
    }
    return workflows.startThrottledRebuild(REBUILD_DOCS_PER_SECOND);
  }
}
