package io.catalog.cli.bench;

import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

/**
 * Removes what a bench run left behind, leaving a developer's data as it was:
 *
 * <ol>
 *   <li>W7's workers processes still running are stopped, and their workflows and schedule under
 *       their own prefix removed from Temporal ({@link BenchWorkers#close()}).
 *   <li>Products created through the API travelled the platform's own topic and index. They are
 *       soft-deleted through {@link ProductService} first, so the last event of each in the
 *       compacted {@code product.events} is a {@code product.deleted} (a Kafka replay cannot bring
 *       them back into search), then, once published and projected, their rows and documents go.
 *   <li>Rows written around the API (W1 raw, W2, W7) only ever named bench topics: deleted before
 *       those topics are, so no publisher is left holding a row for a topic that no longer exists.
 *   <li>The two tables those rows filled are vacuumed at once ({@link TableVacuum}).
 *   <li>Bench indices, databases, consumer groups and topics are deleted by name; the topic {@code
 *       bench-<run>-product.events} stays while rows of the run could not be removed, so that the
 *       next bench run finds them ({@link BenchRuns}) and removes them with this class.
 * </ol>
 *
 * Each step carries on when another failed, and says so.
 */
final class BenchCleanup {
  private static final int DELETE_BATCH = 500;

  private final BenchContext ctx;
  private final Consumer<String> say;
  private final Duration publishWait;

  /**
   * Rows of the run stay: a step that removes them failed, or the API products' deletes were not
   * published in time.
   */
  private boolean rowsLeft;

  BenchCleanup(BenchContext ctx, Consumer<String> say) {
    this(ctx, say, Duration.ofMinutes(5));
  }

  /**
   * @param publishWait how long the soft deletes of the bench's API products may take to reach
   *     {@code product.events} before their rows are kept instead of removed
   */
  BenchCleanup(BenchContext ctx, Consumer<String> say, Duration publishWait) {
    this.ctx = ctx;
    this.say = say;
    this.publishWait = publishWait;
  }

  void run() {
    // W7's processes first: they publish any PENDING row, and they hold bench groups open.
    step("bench workers processes", ctx::stopBenchWorkers);
    step("publishers", () -> ctx.resumePublishers().forEach(l -> say.accept("publishers: " + l)));
    // Not `rowsLeft |= !step(…)`: that reads rowsLeft before the step, which may set it.
    if (!step("API products", this::apiProducts)) {
      rowsLeft = true;
    }
    if (!step("rows written around the API", this::rawRows)) {
      rowsLeft = true;
    }
    step("vacuum", () -> say.accept(TableVacuum.outboxAndProducts(ctx.jdbi)));
    step("indices", this::indices);
    step("databases", this::databases);
    // Last, because a later run finds this run's leftovers by its topics (BenchRuns.named).
    step("topics and groups", this::kafka);
  }

  /** Runs one step; false when it failed (and said so). */
  private boolean step(String what, Step step) {
    try {
      step.run();
      return true;
    } catch (Exception e) {
      say.accept("cleanup of " + what + " failed: " + e);
      return false;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void apiProducts() throws Exception {
    UUID seller = ctx.apiSeller;
    List<UUID> live =
        ctx.jdbi.withHandle(
            h ->
                h.createQuery("SELECT id FROM products WHERE seller_id = :s AND deleted_at IS NULL")
                    .bind("s", seller)
                    .mapTo(UUID.class)
                    .list());
    if (live.isEmpty() && countProducts(seller) == 0) {
      return;
    }
    ProductService service = new ProductService(ctx.jdbi, ctx.platformNames);
    ExecutorService pool = Executors.newFixedThreadPool(4, LoadRunner.daemon("bench-cleanup"));
    try {
      List<Future<?>> batches = new ArrayList<>();
      for (int from = 0; from < live.size(); from += DELETE_BATCH) {
        List<UUID> batch = live.subList(from, Math.min(live.size(), from + DELETE_BATCH));
        batches.add(
            pool.submit(
                () ->
                    ctx.jdbi.useTransaction(
                        h ->
                            batch.forEach(
                                id -> service.delete(h, id, null, WriteContext.none())))));
      }
      for (Future<?> f : batches) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    long deadline = System.nanoTime() + publishWait.toNanos();
    while (unpublished(seller) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200); // polling the outbox; there is no event to wait on
    }
    long unpublished = unpublished(seller);
    if (unpublished > 0) {
      // Removing them now would delete their delete events with the outbox rows: the compacted
      // topic would keep each product's create as its last record, and a replay would bring the
      // products back into search.
      say.accept(
          unpublished
              + " outbox rows of bench products are not published after "
              + publishWait
              + ": their rows stay, soft-deleted and out of search, so that product.events ends"
              + " with their deletes once the relay publishes them; the next bench run removes"
              + " them");
      rowsLeft = true;
      return;
    }
    while (ctx.platformProjectionLag() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200); // the projection applies the deletes before the documents go
    }
    deleteDocuments(seller);
    long rows = deleteRows(seller);
    say.accept(
        "removed "
            + rows
            + " bench products created through the API (soft-deleted first, then rows and documents)");
  }

  /**
   * Deletes the products' documents through the platform's alias, by id: the integ-test
   * distribution has no {@code _delete_by_query} (no reindex module).
   */
  private void deleteDocuments(UUID seller) throws Exception {
    List<UUID> all =
        ctx.jdbi.withHandle(
            h ->
                h.createQuery("SELECT id FROM products WHERE seller_id = :s")
                    .bind("s", seller)
                    .mapTo(UUID.class)
                    .list());
    String alias = ctx.platformNames.searchAlias();
    for (int from = 0; from < all.size(); from += DELETE_BATCH) {
      StringBuilder body = new StringBuilder();
      for (UUID id : all.subList(from, Math.min(all.size(), from + DELETE_BATCH))) {
        body.append("{\"delete\":{\"_index\":\"")
            .append(alias)
            .append("\",\"_id\":\"")
            .append(id)
            .append("\"}}\n");
      }
      ctx.elastic.postNdjson("/_bulk?filter_path=errors", body.toString());
    }
    ctx.elastic.refresh(alias);
  }

  private long countProducts(UUID seller) {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM products WHERE seller_id = :s")
                .bind("s", seller)
                .mapTo(Long.class)
                .one());
  }

  private long unpublished(UUID seller) {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM outbox_events o JOIN products p ON p.id = o.aggregate_id"
                        + " WHERE p.seller_id = :s AND o.status IN ('PENDING', 'FAILED')")
                .bind("s", seller)
                .mapTo(Long.class)
                .one());
  }

  private long deleteRows(UUID seller) {
    return ctx.jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "DELETE FROM outbox_events WHERE aggregate_id IN (SELECT id FROM products WHERE seller_id = :s)")
              .bind("s", seller)
              .execute();
          return (long)
              h.createUpdate("DELETE FROM products WHERE seller_id = :s")
                  .bind("s", seller)
                  .execute();
        });
  }

  private void rawRows() {
    int events =
        ctx.jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM outbox_events WHERE topic LIKE :p")
                    .bind("p", ctx.benchNames.prefix() + "%")
                    .execute());
    long products = deleteRows(ctx.rawSeller);
    if (events + products > 0) {
      say.accept(
          "removed "
              + products
              + " products and "
              + events
              + " outbox rows written around the API");
    }
  }

  /**
   * Deletes the run's groups and topics; {@code bench-<run>-product.events} only when the run's
   * rows are gone, so that a later run can still find them.
   */
  private void kafka() throws Exception {
    String prefix = ctx.benchNames.prefix();
    String marker = rowsLeft ? ctx.benchNames.productEvents() : null;
    List<String> groups =
        ctx.kafka.listConsumerGroups().all().get(15, TimeUnit.SECONDS).stream()
            .map(ConsumerGroupListing::groupId)
            .filter(g -> g.startsWith(prefix))
            .toList();
    if (!groups.isEmpty()) {
      ctx.kafka.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
    }
    List<String> topics =
        ctx.kafka.listTopics().names().get(15, TimeUnit.SECONDS).stream()
            .filter(t -> t.startsWith(prefix) && !t.equals(marker))
            .toList();
    if (!topics.isEmpty()) {
      ctx.kafka.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
    if (marker != null) {
      say.accept("kept topic " + marker + ": it marks rows of this run still to be removed");
    }
    say.accept(
        "deleted "
            + topics.size()
            + " bench topics and "
            + groups.size()
            + " bench consumer groups");
  }

  private void indices() throws Exception {
    List<String> indices = ctx.elastic.indices(ctx.benchNames.prefix());
    for (String index : indices) {
      ctx.elastic.delete("/" + index);
    }
    say.accept("deleted " + indices.size() + " bench indices");
  }

  /** Drops the run's databases ({@code bench_<run>_…}, W4's), found by name. */
  private void databases() {
    List<String> databases =
        ctx.jdbi.withHandle(
            h ->
                h.createQuery("SELECT datname FROM pg_database WHERE starts_with(datname, :p)")
                    .bind("p", "bench_" + ctx.runId + "_")
                    .mapTo(String.class)
                    .list());
    for (String database : databases) {
      ctx.jdbi.useHandle(h -> h.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
      say.accept("dropped database " + database);
    }
  }
}
