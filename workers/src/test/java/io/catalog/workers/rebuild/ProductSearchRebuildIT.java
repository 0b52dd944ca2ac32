package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch._types.VersionType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.operations.rebuild.RebuildAlreadyRunningException;
import io.catalog.operations.rebuild.RebuildStatus;
import io.catalog.search.projection.ProductDocument;
import io.catalog.workflows.rebuild.ProductSearchRebuildWorkflow;
import io.catalog.workflows.rebuild.ProductSearchRebuildWorkflowImpl;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildProgress;
import io.catalog.workflows.rebuild.RebuildResult;
import io.catalog.workflows.rebuild.RollbackInput;
import io.catalog.workflows.rebuild.RollbackResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuild against the real stack: Postgres, the outbox publisher, Kafka, Elasticsearch and the
 * Temporal dev server, with the rebuild worker in this JVM. The tests build on each other (the
 * first creates the alias), hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductSearchRebuildIT {
  private static final Logger log = LoggerFactory.getLogger(ProductSearchRebuildIT.class);

  /** Scale with -Drebuild.it.products=N. */
  static final int PRODUCTS = Integer.getInteger("rebuild.it.products", 20_000);

  static final Duration REBUILD_DEADLINE = Duration.ofMinutes(4);

  private static RebuildHarness h;
  private static FaultyRebuildActivities faulty;
  private static String faultyQueue;

  @BeforeAll
  static void start() {
    h = new RebuildHarness();
    h.awaitElasticsearch();
    long begin = System.nanoTime();
    h.seed(PRODUCTS);
    log.info(
        "seeded {} products ({} live) in {} ms",
        PRODUCTS,
        h.liveRows(),
        (System.nanoTime() - begin) / 1_000_000);
    h.startWorkerProcess();
    WorkerFactory factory = h.startRebuildWorker();
    faultyQueue = h.it.names.projectionOpsTaskQueue() + "-faulty";
    Worker worker = factory.newWorker(faultyQueue, RebuildWorkers.workerOptions());
    worker.registerWorkflowImplementationTypes(ProductSearchRebuildWorkflowImpl.class);
    faulty =
        new FaultyRebuildActivities(
            new ProductSearchRebuildActivitiesImpl(
                h.it.db.jdbi(), h.es, h.it.endpoints.kafkaBootstrap(), h.it.names, h.metrics));
    worker.registerActivitiesImplementations(faulty);
    factory.start();
    begin = System.nanoTime();
    h.awaitAllPublished(Duration.ofMinutes(3));
    log.info("outbox published in {} ms", (System.nanoTime() - begin) / 1_000_000);
  }

  @BeforeEach
  void stackIsUp() {
    h.awaitElasticsearch();
  }

  @AfterEach
  void noRebuildLeftRunning() {
    h.cancelLeftoverRebuild();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String alias() {
    return h.it.names.searchAlias();
  }

  private static RebuildResult rebuild(RebuildInput input) throws Exception {
    h.rebuilds.start(input);
    RebuildResult result = h.rebuilds.await(REBUILD_DEADLINE);
    report(result);
    return result;
  }

  private static void report(RebuildResult r) {
    long loadMillis = Math.max(1, r.phaseMillis().getOrDefault("loading", 0L));
    log.info(
        "REBUILD from {}: {} loaded in {} ms ({} docs/s), catch-up {}, final catch-up {}, {} resumed"
            + " after {}; validation: {}; phases (ms): {}",
        r.source(),
        r.loaded(),
        loadMillis,
        r.loaded() * 1000 / loadMillis,
        r.caughtUp(),
        r.finalCaughtUp(),
        r.loadResumes(),
        r.resumedAfter(),
        r.validation().summary(),
        r.phaseMillis().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ")));
  }

  @Test
  @Order(1)
  void aRebuildFromTheDatabaseReplacesTheIndexTheLiveProjectionStartedWith() throws Exception {
    // The worker process's live projection created the alias (its first index from the newest
    // mapping) and is filling it from product.events.
    await().atMost(Duration.ofMinutes(1)).until(() -> h.aliasTarget() != null);
    String before = h.aliasTarget();

    RebuildResult result = rebuild(RebuildInput.empty());

    assertThat(result.source()).isEqualTo("database");
    assertThat(result.previousIndex()).isEqualTo(before);
    assertThat(h.aliasTarget()).isEqualTo(result.index()).isNotEqualTo(before);
    assertThat(result.loaded()).isEqualTo(PRODUCTS);
    assertThat(result.validation().ok()).isTrue();
    assertThat(result.validation().sampled()).isEqualTo(100);
    h.assertIndexEqualsDatabase(alias());
    assertThat(h.rebuilds.status().orElseThrow().status()).isEqualTo("COMPLETED");
  }

  @Test
  @Order(2)
  void aRebuildFromTheDatabaseWhileProductsChange() throws Exception {
    rebuildWhileWritingAndReading(RebuildInput.fromDatabase());
  }

  @Test
  @Order(3)
  void aRebuildFromKafkaWhileProductsChange() throws Exception {
    rebuildWhileWritingAndReading(RebuildInput.fromKafka());
  }

  private void rebuildWhileWritingAndReading(RebuildInput input) throws Exception {
    String before = h.aliasTarget();
    long liveAtStart = h.liveCount(alias());
    RebuildResult result;
    long changes;
    try (ChurnWriter writer = new ChurnWriter(h.service, 100_000);
        AliasReader reader = new AliasReader(() -> h.liveCount(alias()))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> writer.changes() > 50);
      result = rebuild(input);
      changes = writer.stop();
      reader.stop();
      log.info(
          "writer made {} changes during the rebuild; reader counted {} times, never below {}"
              + " (live at start {})",
          changes,
          reader.reads(),
          reader.min(),
          liveAtStart);
      assertThat(reader.error()).as("a search through the alias failed").isNull();
      assertThat(reader.reads()).isGreaterThan(10);
      assertThat(reader.min()).isGreaterThanOrEqualTo(liveAtStart);
    }
    assertThat(result.previousIndex()).isEqualTo(before);
    assertThat(h.aliasTarget()).isEqualTo(result.index()).isNotEqualTo(before);
    assertThat(result.validation().ok()).isTrue();
    assertThat(changes).isGreaterThan(50);
    // What the writer did after the final catch-up reaches the new index through the live
    // projection, as in production.
    h.awaitAllPublished(Duration.ofMinutes(2));
    await("the index behind the alias equals the database")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> h.assertIndexEqualsDatabase(alias()));
    assertThat(h.indexExists(before)).as("the previous index is kept for a rollback").isTrue();
  }

  @Test
  @Order(4)
  void aValidationMismatchLeavesTheAliasWhereItWasAndDeletesTheNewIndex() throws Exception {
    String before = h.aliasTarget();
    h.rebuilds.start(
        RebuildInput.fromDatabase()
            .with(f -> f.maxDocsPerSecond = 4000)
            .with(f -> f.chunkSeconds = 1));
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> h.rebuilds.progress().processed() >= 2000);
    h.rebuilds.pause();
    // The chunk in flight finishes, then the load stands still while paused.
    // Two equal reads further apart than a chunk lasts: the load stopped.
    long[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1500))
        .until(
            () -> {
              RebuildProgress p = h.rebuilds.progress();
              boolean still = p.paused() && p.processed() == last[0];
              last[0] = p.processed();
              return still;
            });
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> h.rebuilds.progress().processed() == last[0]);
    RebuildProgress paused = h.rebuilds.progress();
    assertThat(paused.phase()).isEqualTo("loading");
    assertThat(paused.processed()).isLessThan(paused.total());
    String index = paused.index();

    // A projection bug: the first product (loaded by the first page) gets a document newer than
    // its row.
    Product first =
        h.it
            .db
            .jdbi()
            .withHandle(
                h2 ->
                    h2.createQuery("SELECT * FROM products ORDER BY id LIMIT 1")
                        .map(ConstructorMapper.of(Product.class))
                        .one());
    ObjectNode tampered = ProductDocument.fromProduct(first).toSource(Instant.now());
    tampered.put("title", "TAMPERED");
    h.es.index(
        i ->
            i.index(index)
                .id(first.id().toString())
                .version(first.version() + 100)
                .versionType(VersionType.External)
                .document(tampered));
    h.rebuilds.resume();

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> h.rebuilds.await(REBUILD_DEADLINE));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("ValidationMismatch");
    assertThat(cause.getOriginalMessage()).contains("ahead 1", first.id().toString());
    log.info("validation failed as it should: {}", cause.getOriginalMessage());
    assertThat(h.aliasTarget()).isEqualTo(before);
    assertThat(h.indexExists(index)).isFalse();
    assertThat(h.rebuilds.status().orElseThrow().status()).isEqualTo("FAILED");
  }

  @Test
  @Order(5)
  void aStepFailingAfterTheSwitchPutsTheAliasBackAndDeletesTheNewIndex() throws Exception {
    assertFailureIsCompensated("copyEvents:final-catch-up");
    assertThat(faulty.calls)
        .containsSequence(
            "switchAlias", "copyEvents:final-catch-up", "restoreAlias", "deleteIndex");
  }

  @Test
  @Order(6)
  void aStepFailingDuringTheLoadDeletesTheNewIndex() throws Exception {
    assertFailureIsCompensated("loadFromDatabase");
    assertThat(faulty.calls)
        .containsExactly(
            "inspect", "createIndex", "recordEndOffsets", "loadFromDatabase", "deleteIndex");
  }

  private void assertFailureIsCompensated(String step) throws Exception {
    String before = h.aliasTarget();
    faulty.calls.clear();
    faulty.failAt = step;
    WorkflowStub stub =
        h.it.client.newUntypedWorkflowStub(
            ProductSearchRebuildWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(h.it.names.rebuildWorkflowId())
                .setTaskQueue(faultyQueue)
                .build());
    stub.start(RebuildInput.fromDatabase());

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () ->
                stub.getResult(
                    REBUILD_DEADLINE.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS,
                    RebuildResult.class));

    assertThat(failure.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(((ApplicationFailure) failure.getCause().getCause()).getType())
        .isEqualTo("InjectedFailure");
    String index = stub.query("progress", RebuildProgress.class).index();
    assertThat(index).isNotNull();
    assertThat(h.aliasTarget()).isEqualTo(before);
    assertThat(h.indexExists(index)).isFalse();
    faulty.failAt = null;
  }

  @Test
  @Order(7)
  void cancellingARunningRebuildLeavesTheAliasAndRefusesASecondStartMeanwhile() throws Exception {
    String before = h.aliasTarget();
    h.rebuilds.start(
        RebuildInput.fromKafka()
            .with(f -> f.maxDocsPerSecond = 3000)
            .with(f -> f.chunkSeconds = 1));
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> h.rebuilds.progress().processed() > 0);

    RebuildAlreadyRunningException refused =
        catchThrowableOfType(
            RebuildAlreadyRunningException.class, () -> h.rebuilds.start(RebuildInput.empty()));
    assertThat(refused).hasMessageContaining("already running");
    String index = h.rebuilds.progress().index();

    h.rebuilds.cancel();

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> h.rebuilds.await(REBUILD_DEADLINE));
    assertThat(failure).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(h.aliasTarget()).isEqualTo(before);
    assertThat(h.indexExists(index)).isFalse();
    RebuildStatus status = h.rebuilds.status().orElseThrow();
    assertThat(status.status()).isEqualTo("CANCELED");
    assertThat(status.progress().phase()).isEqualTo("cancelled");
  }

  @Test
  @Order(8)
  void aDryRunValidatesAndLeavesNoTrace() throws Exception {
    String before = h.aliasTarget();
    var indicesBefore = h.indices();

    RebuildResult result = rebuild(RebuildInput.fromDatabase().with(f -> f.dryRun = true));

    assertThat(result.dryRun()).isTrue();
    assertThat(result.validation().ok()).isTrue();
    assertThat(h.aliasTarget()).isEqualTo(before);
    assertThat(h.indices()).isEqualTo(indicesBefore);
  }

  @Test
  @Order(9)
  void rollbackMovesTheAliasToThePreviousIndexAndBack() throws Exception {
    var indices = h.indices();
    String current = h.aliasTarget();
    String previous = indices.get(indices.indexOf(current) - 1);

    RollbackResult back = h.rebuilds.rollback(RollbackInput.previous(), Duration.ofMinutes(1));

    assertThat(back).isEqualTo(new RollbackResult(alias(), current, previous));
    assertThat(h.aliasTarget()).isEqualTo(previous);
    assertThat(h.rebuilds.rollback(new RollbackInput(current), Duration.ofMinutes(1)).to())
        .isEqualTo(current);
    assertThat(h.aliasTarget()).isEqualTo(current);
  }

  @Test
  @Order(10)
  void theCleanupKeepsTheTargetAndTheNewestPreviousIndices() throws Exception {
    // Three successful rebuilds so far; the third one's cleanup (keepPreviousIndices 2) deleted
    // the live projection's first index. One more with 1 keeps the new target and the one before
    // it, and deletes the two older ones.
    var indices = h.indices();
    assertThat(indices).hasSize(3);

    RebuildResult result =
        rebuild(RebuildInput.fromDatabase().with(f -> f.keepPreviousIndices = 1));

    assertThat(result.deletedIndices()).containsExactlyElementsOf(indices.subList(0, 2));
    assertThat(h.indices()).containsExactly(indices.get(2), result.index());
    assertThat(h.aliasTarget()).isEqualTo(result.index());
  }
}
