package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

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
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollbacks against the real stack (docs/architecture.md, "Rebuild"): what the live projection
 * applied after a switch survives a rollback, and a rollback or the retention never mistakes a
 * failed rebuild's leftover for the previous index. The tests build on each other, hence the order.
 */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductSearchRollbackIT {
  private static final Logger log = LoggerFactory.getLogger(ProductSearchRollbackIT.class);
  static final int PRODUCTS = 3000;
  static final Duration DEADLINE = Duration.ofMinutes(4);

  private static RebuildHarness h;
  private static FaultyRebuildActivities faulty;
  private static String faultyQueue;

  /** Indices the tests meet, by role. */
  private static String first;

  private static String rebuilt;
  private static String orphan;

  @BeforeAll
  static void start() {
    h = new RebuildHarness();
    h.awaitElasticsearch();
    h.seed(PRODUCTS);
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
    h.awaitAllPublished(Duration.ofMinutes(3));
  }

  @AfterEach
  void noRebuildLeftRunning() {
    h.cancelLeftoverRebuild();
    faulty.failAt = null;
    faulty.failAlso = null;
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  @Order(1)
  void aRollbackAfterTheSwitchKeepsEveryWriteTheLiveProjectionAppliedSince() throws Exception {
    await().atMost(Duration.ofMinutes(1)).until(() -> h.aliasTarget() != null);
    first = h.aliasTarget();
    try (ChurnWriter writer = new ChurnWriter(h.service, 1_000_000)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> writer.changes() > 50);
      h.rebuilds.start(RebuildInput.fromDatabase());
      RebuildResult result = h.rebuilds.await(DEADLINE);
      rebuilt = result.index();
      assertThat(h.aliasTarget()).isEqualTo(rebuilt);

      // Creates, updates and deletes (of products the first index holds too) reach only the new
      // index now.
      long updates = writer.updates();
      long deletes = writer.deletes();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> writer.updates() > updates + 30 && writer.deletes() > deletes + 20);

      RollbackResult back = h.rebuilds.rollback(RollbackInput.previous(), Duration.ofMinutes(2));

      assertThat(back.to()).isEqualTo(first);
      assertThat(h.aliasTarget()).isEqualTo(first);
      long changes = writer.stop();
      log.info(
          "writer made {} changes ({} updates, {} deletes after the switch)",
          changes,
          writer.updates() - updates,
          writer.deletes() - deletes);
    }
    h.awaitAllPublished(Duration.ofMinutes(2));
    await("the restored index behind the alias equals the database, field by field")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(h.it.readModelDifferences(h.es)).isEmpty());
  }

  @Test
  @Order(2)
  void aFailedCompensationShowsInTheWorkflowResultAndOnTheMetrics() throws Exception {
    // The load completes, the catch-up fails, and deleting the new index fails too: an index that
    // was created and loaded but never validated stays behind.
    faulty.failAt = "copyEvents:catch-up";
    faulty.failAlso = "deleteIndex";
    long countedBefore = h.metrics.counter("rebuild_compensation_failures").getCount();
    WorkflowStub stub = startFaulty();

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> stub.getResult(DEADLINE.toSeconds(), TimeUnit.SECONDS, RebuildResult.class));

    orphan = stub.query("progress", RebuildProgress.class).index();
    assertThat(h.indexExists(orphan)).isTrue();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("CompensationFailed");
    assertThat(cause.getOriginalMessage())
        .contains(
            "injected failure at copyEvents:catch-up", "injected failure at deleteIndex", orphan);
    assertThat(h.metrics.counter("rebuild_compensation_failures").getCount())
        .isEqualTo(countedBefore + 1);
    assertThat(h.aliasTarget()).isEqualTo(first);
  }

  @Test
  @Order(3)
  void aRollbackSkipsANewerOrphanAndRetentionDeletesItButKeepsTheRealPreviousIndex()
      throws Exception {
    assertThat(h.indices()).containsExactlyInAnyOrder(first, rebuilt, orphan);
    // A rebuild from the first index whose cleanup fails: the orphan survives it, between the
    // real previous index and the new target.
    h.rebuilds.rollback(new RollbackInput(rebuilt), Duration.ofMinutes(2));
    faulty.failAt = "deleteOldIndices";
    WorkflowStub stub = startFaulty();
    RebuildResult result =
        stub.getResult(DEADLINE.toSeconds(), TimeUnit.SECONDS, RebuildResult.class);
    assertThat(result.cleanupError()).contains("injected failure at deleteOldIndices");
    String current = result.index();
    assertThat(result.previousIndex()).isEqualTo(rebuilt);
    assertThat(h.indices()).contains(orphan);

    RollbackResult back = h.rebuilds.rollback(RollbackInput.previous(), Duration.ofMinutes(2));

    assertThat(back.to())
        .as("rolled back to the real previous index, not the orphan")
        .isEqualTo(rebuilt);
    h.awaitAllPublished(Duration.ofMinutes(1));
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(h.it.readModelDifferences(h.es)).isEmpty());

    h.rebuilds.rollback(new RollbackInput(current), Duration.ofMinutes(2));
    List<String> deleted = h.indexes.deleteOldIndices(1);

    assertThat(deleted).contains(orphan).doesNotContain(rebuilt, current);
    assertThat(h.indexExists(rebuilt))
        .as("the real previous index is kept for a rollback")
        .isTrue();
    assertThat(h.indexExists(orphan)).isFalse();
  }

  private static WorkflowStub startFaulty() {
    WorkflowStub stub =
        h.it.client.newUntypedWorkflowStub(
            ProductSearchRebuildWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(h.it.names.rebuildWorkflowId())
                .setTaskQueue(faultyQueue)
                .build());
    stub.start(RebuildInput.fromDatabase());
    return stub;
  }
}
