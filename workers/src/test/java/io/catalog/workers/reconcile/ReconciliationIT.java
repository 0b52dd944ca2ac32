package io.catalog.workers.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.operations.reconcile.ReconcileClient;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.WebUiCheck;
import io.catalog.workflows.reconcile.DriftCounts;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.reconcile.ReconcileProgress;
import io.catalog.workflows.reconcile.SearchReconciliationWorkflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index is corrupted by hand in five ways while writers go on at more than 100 changes a
 * second; one reconciliation finds exactly the 190 corrupted documents, by class, and none of the
 * writers' changes; after its repair the index equals the database field by field, and later events
 * for the repaired products apply.
 */
@Tag("invariant")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationIT {
  private static final Logger log = LoggerFactory.getLogger(ReconciliationIT.class);
  private static final int GRACE_SECONDS = 3;

  private final ItStack it = ItStack.create();
  private final ElasticsearchClient es = SearchClients.create(it.endpoints.elasticsearchUrl());
  private final ProductService service = new ProductService(it.db.jdbi(), it.names);
  private final ReconcileClient reconciliations = new ReconcileClient(it.client, it.names);
  private Workers workers;
  private final List<Product> live = new ArrayList<>();
  private final List<Product> deleted = new ArrayList<>();

  @BeforeAll
  void start() {
    workers = Workers.start(it.config(Map.of("OUTBOX_SHARDS", "1")));
    for (int i = 0; i < 1_200; i++) {
      Product p = service.create(ProductWriters.draft(i), WriteContext.none());
      if (i % 30 == 0) {
        service.delete(p.id(), p.version(), WriteContext.none());
        deleted.add(p);
      } else if (i % 4 == 0) {
        live.add(
            service.update(p.id(), p.version(), ProductWriters.draft(i + 7), WriteContext.none()));
      } else {
        live.add(p);
      }
    }
    awaitIndexEqualsDatabase(Duration.ofMinutes(2));
  }

  @AfterAll
  void stop() {
    if (workers != null) {
      workers.close();
    }
    it.close();
  }

  @Test
  void oneRunFindsAndMendsExactlyWhatWasCorruptedWhileWritesGoOn() throws Exception {
    String index = new SearchIndexes(es, it.names).aliasTarget().orElseThrow();
    List<Product> updated = live.stream().filter(p -> p.version() >= 2).toList();
    List<Product> plain = live.stream().filter(p -> p.version() == 1).toList();
    assertThat(updated).hasSizeGreaterThanOrEqualTo(50);
    assertThat(plain).hasSizeGreaterThanOrEqualTo(121);
    assertThat(deleted).hasSizeGreaterThanOrEqualTo(20);

    for (Product p : plain.subList(0, 50)) {
      es.delete(d -> d.index(index).id(p.id().toString()));
    }
    for (Product p : plain.subList(50, 100)) {
      es.update(
          u -> u.index(index).id(p.id().toString()).doc(Map.of("title", "Edited by hand")),
          ObjectNode.class);
    }
    for (Product p : updated.subList(0, 50)) {
      ObjectNode older = source(index, p.id().toString());
      older.put("version", p.version() - 1).put("title", "An older title");
      es.index(
          i ->
              i.index(index)
                  .id(p.id().toString())
                  .versionType(VersionType.External)
                  .version(p.version() + 1)
                  .document(older));
    }
    ObjectNode template = source(index, plain.get(100).id().toString());
    for (int n = 0; n < 20; n++) {
      String id = UUID.randomUUID().toString();
      ObjectNode extra = template.deepCopy().put("id", id).put("title", "Nobody's product " + n);
      es.index(i -> i.index(index).id(id).document(extra));
    }
    for (Product p : deleted.subList(0, 20)) {
      es.update(
          u -> u.index(index).id(p.id().toString()).doc(Map.of("deleted", false)),
          ObjectNode.class);
    }
    es.indices().refresh(r -> r.index(index));
    assertThat(it.readModelDifferences(es)).hasSizeGreaterThanOrEqualTo(190);

    try (Load load = new Load(service)) {
      long begin = System.nanoTime();
      ReconcileProgress dry = reconcile(true);
      log.info("dry run: {}", dry.details());
      assertThat(dry.drift()).isEqualTo(new DriftCounts(50, 20, 20, 50, 50));
      assertThat(dry.repaired()).isZero();
      assertThat(it.readModelDifferences(es)).hasSizeGreaterThanOrEqualTo(190);

      ReconcileProgress run = reconcile(false);
      log.info("repair run: {}", run.details());
      assertThat(run.drift()).isEqualTo(new DriftCounts(50, 20, 20, 50, 50));
      assertThat(run.repaired()).isEqualTo(190);
      assertThat(run.truncated()).isFalse();

      ReconcileProgress after = reconcile(false);
      log.info("run after the repair: {}", after.details());
      assertThat(after.drift()).isEqualTo(DriftCounts.NONE);
      double seconds = (System.nanoTime() - begin) / 1e9;
      long writes = load.stop();
      log.info("{} writes in {} s alongside the runs", writes, String.format("%.1f", seconds));
      assertThat(writes / seconds).as("writes per second during the runs").isGreaterThan(100);
    }

    // Events after the repair still apply, also to documents whose _version had been inflated.
    for (Product p : updated.subList(0, 50)) {
      service.update(p.id(), p.version(), ProductWriters.draft(77), WriteContext.none());
    }
    for (Product p : plain.subList(50, 55)) {
      service.update(p.id(), p.version(), ProductWriters.draft(78), WriteContext.none());
    }
    awaitIndexEqualsDatabase(Duration.ofMinutes(2));

    // Alone in its run, a document deleted by hand a moment ago: its tombstone (version 2) would
    // refuse the row's version 1 for gc_deletes (60 s) unless the repair prunes it.
    Product alone = plain.get(120);
    es.delete(d -> d.index(index).id(alone.id().toString()));
    es.indices().refresh(r -> r.index(index));
    ReconcileProgress single = reconcile(false);
    assertThat(single.drift()).isEqualTo(new DriftCounts(1, 0, 0, 0, 0));
    assertThat(single.repaired()).isEqualTo(1);
    awaitIndexEqualsDatabase(Duration.ofSeconds(30));

    // Deleted and not yet visible to search, the index refreshing no more by itself: the run
    // refreshes the index before it compares, so it still finds it (a chaos run once started its
    // reconciliation a moment after such a delete, and the run saw the document still there).
    Product unseen = plain.get(119);
    es.indices()
        .putSettings(p -> p.index(index).settings(x -> x.refreshInterval(t -> t.time("-1"))));
    try {
      es.delete(d -> d.index(index).id(unseen.id().toString()));
      ReconcileProgress fresh = reconcile(false);
      assertThat(fresh.drift()).isEqualTo(new DriftCounts(1, 0, 0, 0, 0));
    } finally {
      es.indices()
          .putSettings(p -> p.index(index).settings(x -> x.refreshInterval(t -> t.time("250ms"))));
    }
    awaitIndexEqualsDatabase(Duration.ofSeconds(30));
  }

  /**
   * The Temporal Web UI's Start Workflow form with input {@code {}} ({@code e2e/rebuild-ui.mjs} in
   * headless Chromium): the run completes and the page shows its counts as current details.
   */
  @Test
  void startedFromTheWebUiWithEmptyInputItCompletesAndShowsItsCounts() throws Exception {
    WebUiCheck.assumeInstalled();
    awaitIndexEqualsDatabase(Duration.ofMinutes(2));
    WebUiCheck browser =
        WebUiCheck.start(
            "reconcile-ui",
            Map.of(
                "WORKFLOW_ID",
                it.names.reconciliationWorkflowId(),
                "WORKFLOW_TYPE",
                SearchReconciliationWorkflow.TYPE,
                "TASK_QUEUE",
                it.names.projectionOpsTaskQueue(),
                "DETAILS_PATTERN",
                "buckets \\d+ of \\d+ .*drift"));
    JsonNode seen = browser.awaitResult();
    assertThat(seen.path("status").asText()).isEqualTo("COMPLETED");
    ReconcileProgress result = reconciliations.await(Duration.ofSeconds(10));
    assertThat(seen.path("details").asText())
        .contains(
            "completed",
            "buckets " + result.bucketsChecked() + " of " + result.bucketsTotal(),
            "drift: none",
            "repaired 0");
  }

  private ReconcileProgress reconcile(boolean dryRun) throws Exception {
    reconciliations.start(new ReconcileInput(dryRun, GRACE_SECONDS, null));
    return reconciliations.await(Duration.ofMinutes(3));
  }

  private ObjectNode source(String index, String id) throws Exception {
    return es.get(g -> g.index(index).id(id), ObjectNode.class).source();
  }

  private void awaitIndexEqualsDatabase(Duration atMost) {
    await("the index equals the database")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(it.readModelDifferences(es)).isEmpty());
  }

  /**
   * Writers that only touch products of their own: 4 threads, each creating a product every 20 ms
   * and updating every 4th, 250 changes a second offered.
   */
  private static final class Load implements AutoCloseable {
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
    private final AtomicLong writes = new AtomicLong();

    Load(ProductService service) {
      for (int t = 0; t < 4; t++) {
        int thread = t;
        AtomicLong n = new AtomicLong();
        pool.scheduleAtFixedRate(
            () -> {
              long i = n.incrementAndGet();
              Product p =
                  service.create(
                      ProductWriters.draft((int) (thread * 1_000_000 + i)), WriteContext.none());
              writes.incrementAndGet();
              if (i % 4 == 0) {
                service.update(
                    p.id(), p.version(), ProductWriters.draft((int) i), WriteContext.none());
                writes.incrementAndGet();
              }
            },
            0,
            20,
            TimeUnit.MILLISECONDS);
      }
    }

    long stop() throws InterruptedException {
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      return writes.get();
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
