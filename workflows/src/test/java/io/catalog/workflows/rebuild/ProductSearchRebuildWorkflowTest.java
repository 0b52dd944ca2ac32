package io.catalog.workflows.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProductSearchRebuildWorkflowTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final List<String> UP_TO_LOAD =
      List.of("inspect", "createIndex", "recordEndOffsets");
  private static final List<String> LOAD =
      List.of("loadFromDatabase", "loadFromDatabase", "loadFromDatabase");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ProductSearchRebuildWorkflowImpl.class)
          // Heartbeats reach the server at once, so a cancellation reaches a running chunk at once.
          .setWorkerOptions(
              WorkerOptions.newBuilder()
                  .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                  .build())
          .setDoNotStart(true)
          .build();

  private final RebuildScript script = new RebuildScript();

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) {
    ProductSearchRebuildActivities activities =
        mock(
            ProductSearchRebuildActivities.class,
            withSettings().withoutAnnotations().defaultAnswer(delegatesTo(script)));
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  private static List<String> concat(List<?>... parts) {
    List<String> all = new ArrayList<>();
    for (List<?> part : parts) {
      part.forEach(p -> all.add((String) p));
    }
    return all;
  }

  @Test
  void successfulRebuildRunsEveryStepInOrder(WorkflowClient client, WorkflowOptions options) {
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);

    RebuildResult result = wf.run(RebuildInput.fromDatabase());

    assertThat(script.calls)
        .containsExactlyElementsOf(
            concat(
                UP_TO_LOAD,
                LOAD,
                List.of(
                    "copyEvents:catch-up",
                    "validate",
                    "restoreSettings",
                    "switchAlias",
                    "copyEvents:final-catch-up",
                    "deleteOldIndices")));
    String index = script.request("createIndex", String.class);
    assertThat(index).matches("product_search_v1_\\d{8}_\\d{6}");
    assertThat(script.request("switchAlias", String.class)).isEqualTo(index);
    assertThat(result.index()).isEqualTo(index);
    assertThat(result.previousIndex()).isEqualTo(RebuildScript.PREVIOUS);
    assertThat(result.loaded()).isEqualTo(2500);
    assertThat(result.caughtUp()).isEqualTo(6);
    assertThat(result.finalCaughtUp()).isEqualTo(3);
    assertThat(result.finalPosition()).isEqualTo(RebuildScript.FINAL_END);
    assertThat(result.deletedIndices()).containsExactly("product_search_v1_20250101_000000");
    assertThat(result.phaseMillis()).containsKeys("loading", "validating", "switching-alias");

    // The catch-ups continue exactly where the step before stopped; the final one goes through
    // the alias, and validation knows when the catch-up read its end.
    EventCopyRequest catchUp = script.request("copyEvents:catch-up", EventCopyRequest.class);
    assertThat(catchUp.from()).isEqualTo(RebuildScript.RECORDED_END);
    assertThat(catchUp.until()).isNull();
    assertThat(catchUp.target()).isEqualTo(index);
    EventCopyRequest last = script.request("copyEvents:final-catch-up", EventCopyRequest.class);
    assertThat(last.from()).isEqualTo(RebuildScript.CATCH_UP_END);
    assertThat(last.target()).isEqualTo("product_search");
    assertThat(script.request("validate", ValidationRequest.class).caughtUpToMicros())
        .isEqualTo(RebuildScript.CAUGHT_UP_AT);

    RebuildProgress progress = wf.progress();
    assertThat(progress.phase()).isEqualTo("done");
    assertThat(progress.processed()).isEqualTo(2509);
    assertThat(progress.total()).isEqualTo(2509);
    assertThat(progress.etaSeconds()).isZero();
    assertThat(progress.paused()).isFalse();
  }

  static Stream<Arguments> failures() {
    List<String> beforeValidate = concat(UP_TO_LOAD, LOAD, List.of("copyEvents:catch-up"));
    List<String> beforeSwitch = concat(beforeValidate, List.of("validate", "restoreSettings"));
    return Stream.of(
        arguments("inspect", List.of("inspect")),
        arguments("createIndex", List.of("inspect", "createIndex", "deleteIndex")),
        arguments("recordEndOffsets", concat(UP_TO_LOAD, List.of("deleteIndex"))),
        arguments(
            "loadFromDatabase", concat(UP_TO_LOAD, List.of("loadFromDatabase", "deleteIndex"))),
        arguments("copyEvents:catch-up", concat(beforeValidate, List.of("deleteIndex"))),
        arguments("validate", concat(beforeValidate, List.of("validate", "deleteIndex"))),
        arguments("restoreSettings", concat(beforeSwitch, List.of("deleteIndex"))),
        arguments(
            "switchAlias",
            concat(beforeSwitch, List.of("switchAlias", "restoreAlias", "deleteIndex"))),
        arguments(
            "copyEvents:final-catch-up",
            concat(
                beforeSwitch,
                List.of(
                    "switchAlias", "copyEvents:final-catch-up", "restoreAlias", "deleteIndex"))));
  }

  @ParameterizedTest(name = "failure at {0}")
  @MethodSource("failures")
  void aFailedStepIsCompensatedInReverseOrder(
      String step, List<String> expectedCalls, WorkflowClient client, WorkflowOptions options) {
    script.failAt = step;
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> wf.run(RebuildInput.empty()));

    assertThat(failure).isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(((ApplicationFailure) failure.getCause().getCause()).getType())
        .isEqualTo("Injected");
    assertThat(script.calls).containsExactlyElementsOf(expectedCalls);
    if (script.calls.contains("createIndex")) {
      // The compensation deletes the very index the step created (or would have).
      assertThat(script.request("deleteIndex", String.class))
          .isEqualTo(script.request("createIndex", String.class));
    }
    if (script.calls.contains("restoreAlias")) {
      assertThat(script.request("restoreAlias", List.class))
          .containsExactly(RebuildScript.PREVIOUS, script.request("createIndex", String.class));
    }
    assertThat(wf.progress().phase()).isEqualTo("failed");
    assertThat(wf.progress().lastError()).contains("injected failure at " + step);
  }

  @Test
  void aFailedCleanupDoesNotUndoAGoodRebuild(WorkflowClient client, WorkflowOptions options) {
    script.failAt = "deleteOldIndices";
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);

    RebuildResult result = wf.run(RebuildInput.empty());

    assertThat(script.calls).doesNotContain("restoreAlias", "deleteIndex");
    assertThat(script.calls.get(script.calls.size() - 1)).isEqualTo("deleteOldIndices");
    assertThat(result.cleanupError()).contains("injected failure at deleteOldIndices");
    assertThat(result.deletedIndices()).isEmpty();
    assertThat(wf.progress().phase()).isEqualTo("done");
  }

  @Test
  void theFinalCatchUpRetriesThroughAnOutageLongerThanAnyWindowInsteadOfCompensating(
      WorkflowClient client, WorkflowOptions options) {
    // 80 attempts, 30 s apart at most: about 40 minutes of workflow time, longer than the 30 min
    // window of the other loads. The index is validated and serving; it must not be discarded.
    script.outageAt = "copyEvents:final-catch-up";
    script.outageAttempts = 80;
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);

    RebuildResult result = wf.run(RebuildInput.empty());

    assertThat(script.calls).doesNotContain("restoreAlias", "deleteIndex");
    assertThat(script.calls.stream().filter("copyEvents:final-catch-up"::equals)).hasSize(81);
    assertThat(result.finalPosition()).isEqualTo(RebuildScript.FINAL_END);
    assertThat(result.phaseMillis().get("final-catch-up"))
        .isGreaterThan(Duration.ofMinutes(30).toMillis());
    assertThat(wf.progress().phase()).isEqualTo("done");
  }

  @Test
  void everyActivityOfARebuildHasAHeartbeatTimeoutSoAKilledWorkerIsNoticedInSeconds(
      WorkflowClient client, WorkflowOptions options) {
    // Without a heartbeat timeout the server notices a killed worker only when the attempt's
    // start-to-close runs out: the cluster chaos run killed the worker running recordEndOffsets,
    // and the rebuild stood still for the two minutes of the steps' start-to-close.
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);
    wf.run(RebuildInput.fromDatabase());

    Map<String, Long> heartbeatTimeouts = new java.util.TreeMap<>();
    client
        .fetchHistory(WorkflowStub.fromTyped(wf).getExecution().getWorkflowId())
        .getEvents()
        .stream()
        .filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .map(e -> e.getActivityTaskScheduledEventAttributes())
        .forEach(
            a ->
                heartbeatTimeouts.put(
                    a.getActivityType().getName(), a.getHeartbeatTimeout().getSeconds()));
    assertThat(heartbeatTimeouts)
        .containsKeys("RebuildInspect", "RebuildCreateIndex", "RebuildRecordEndOffsets")
        .containsKeys("RebuildRestoreSettings", "RebuildSwitchAlias", "RebuildDeleteOldIndices")
        .allSatisfy((activity, seconds) -> assertThat(seconds).isBetween(1L, 60L));
    assertThat(heartbeatTimeouts.get("RebuildRecordEndOffsets")).isEqualTo(10L);
  }

  @Test
  void aFailedCompensationFailsTheRebuildAsSuchAndIsReported(
      WorkflowClient client, WorkflowOptions options) {
    // A failed load whose delete compensation fails leaves a half-loaded index behind.
    script.failAt = "loadFromDatabase";
    script.failAlso = "deleteIndex";
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> wf.run(RebuildInput.empty()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("CompensationFailed");
    String index = script.request("createIndex", String.class);
    assertThat(cause.getOriginalMessage())
        .contains("injected failure at loadFromDatabase", "injected failure at deleteIndex", index);
    assertThat(script.calls)
        .containsExactlyElementsOf(
            concat(
                UP_TO_LOAD,
                List.of("loadFromDatabase", "deleteIndex", "reportCompensationFailure")));
    assertThat(script.request("reportCompensationFailure", String.class))
        .contains("injected failure at deleteIndex");
    assertThat(wf.progress().lastError()).contains("compensation failed");
  }

  @Test
  void validationMismatchFailsIntoCompensationWithTheAliasUntouched(
      WorkflowClient client, WorkflowOptions options) {
    script.report =
        new ValidationReport(
            2500, 2400, 2500, 2399, 2400, 0, 1, 0, 0, 0, 100, 0, List.of("missing 0190-..."));
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(ProductSearchRebuildWorkflow.class, options);

    WorkflowFailedException failure =
        catchThrowableOfType(WorkflowFailedException.class, () -> wf.run(RebuildInput.empty()));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("ValidationMismatch");
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage())
        .contains("index live 2399 vs expected 2400", "missing 1");
    assertThat(cause.getDetails().get(ValidationReport.class).missing()).isEqualTo(1);
    assertThat(script.calls)
        .containsExactlyElementsOf(
            concat(UP_TO_LOAD, LOAD, List.of("copyEvents:catch-up", "validate", "deleteIndex")));
  }

  @Test
  void cancellingDuringTheLoadDeletesTheNewIndexAndNothingElse(
      WorkflowClient client, WorkflowOptions options) throws Exception {
    script.runUntilCancelledAt = "loadFromDatabase";
    WorkflowStub stub = start(client, options, RebuildInput.empty());
    script.running.await();

    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(RebuildResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(script.calls)
        .containsExactlyElementsOf(concat(UP_TO_LOAD, List.of("loadFromDatabase", "deleteIndex")));
    assertThat(stub.query("progress", RebuildProgress.class).phase()).isEqualTo("cancelled");
  }

  @Test
  void cancellingAfterTheSwitchPutsTheAliasBackThenDeletesTheIndex(
      WorkflowClient client, WorkflowOptions options) throws Exception {
    script.runUntilCancelledAt = "copyEvents:final-catch-up";
    WorkflowStub stub = start(client, options, RebuildInput.empty());
    script.running.await();

    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(RebuildResult.class))
        .hasCauseInstanceOf(CanceledFailure.class);
    List<String> calls = script.calls;
    assertThat(calls.subList(calls.size() - 4, calls.size()))
        .containsExactly("switchAlias", "copyEvents:final-catch-up", "restoreAlias", "deleteIndex");
  }

  @Test
  void pauseHoldsThePositionAndResumeFinishes(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    CountDownLatch hold = new CountDownLatch(1);
    script.holdFirstLoad = hold;
    WorkflowStub stub = start(client, options, RebuildInput.empty());
    ProductSearchRebuildWorkflow wf =
        client.newWorkflowStub(
            ProductSearchRebuildWorkflow.class, stub.getExecution().getWorkflowId());
    await().atMost(DEADLINE).until(() -> script.calls.contains("loadFromDatabase"));

    wf.pause("ops-13: validate the mapping first");
    hold.countDown();

    // The chunk in flight finishes; the next one does not start.
    await().atMost(DEADLINE).until(() -> wf.progress().processed() == 1000);
    RebuildProgress paused = wf.progress();
    assertThat(paused.paused()).isTrue();
    assertThat(paused.pauseNote()).isEqualTo("ops-13: validate the mapping first");
    assertThat(paused.phase()).isEqualTo("loading");
    assertThat(paused.total()).isEqualTo(2500);
    env.sleep(Duration.ofMinutes(10));
    assertThat(wf.progress().processed()).isEqualTo(1000);
    assertThat(script.calls)
        .containsExactlyElementsOf(concat(UP_TO_LOAD, List.of("loadFromDatabase")));

    wf.resume();

    RebuildResult result = stub.getResult(RebuildResult.class);
    assertThat(result.loaded()).isEqualTo(2500);
    assertThat(wf.progress().paused()).isFalse();
    assertThat(wf.progress().pauseNote()).isNull();
    assertThat(script.calls).contains("switchAlias");
  }

  @Test
  void cancellingWhilePausedCompensates(WorkflowClient client, WorkflowOptions options) {
    CountDownLatch hold = new CountDownLatch(1);
    script.holdFirstLoad = hold;
    WorkflowStub stub = start(client, options, RebuildInput.empty());
    await().atMost(DEADLINE).until(() -> script.calls.contains("loadFromDatabase"));
    stub.signal("pause");
    hold.countDown();
    await()
        .atMost(DEADLINE)
        .until(() -> stub.query("progress", RebuildProgress.class).processed() == 1000);

    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(RebuildResult.class))
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(script.calls)
        .containsExactlyElementsOf(concat(UP_TO_LOAD, List.of("loadFromDatabase", "deleteIndex")));
  }

  @Test
  void noInputAtAllMeansTheDefaults(WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start();
    stub.getResult(RebuildResult.class);

    assertDefaults();
  }

  @Test
  void emptyJsonObjectMeansTheDefaults(WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start(Map.of());
    stub.getResult(RebuildResult.class);

    assertDefaults();
  }

  private void assertDefaults() {
    assertThat(script.request("inspect", Integer.class)).isZero();
    DatabaseLoadRequest load = script.request("loadFromDatabase", DatabaseLoadRequest.class);
    assertThat(load.batchSize()).isEqualTo(1000);
    assertThat(load.maxDocsPerSecond()).isZero();
    assertThat(load.maxSeconds()).isEqualTo(5);
    assertThat(script.request("validate", ValidationRequest.class).sampleSize()).isEqualTo(100);
    assertThat(script.request("deleteOldIndices", Integer.class)).isEqualTo(2);
    assertThat(script.calls).doesNotContain("copyEvents:load").contains("switchAlias");
  }

  @Test
  void partialJsonKeepsItsFieldsAndDefaultsTheRest(WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start(Map.of("source", "Kafka", "batchSize", 50, "mappingVersion", 3, "unknown", true));
    RebuildResult result = stub.getResult(RebuildResult.class);

    assertThat(script.request("inspect", Integer.class)).isEqualTo(3);
    EventCopyRequest load = script.request("copyEvents:load", EventCopyRequest.class);
    assertThat(load.from()).isEqualTo(RebuildScript.BEGINNING);
    assertThat(load.until()).isEqualTo(RebuildScript.RECORDED_END);
    assertThat(load.batchSize()).isEqualTo(50);
    assertThat(script.calls).doesNotContain("loadFromDatabase");
    assertThat(result.source()).isEqualTo("kafka");
    assertThat(result.mappingVersion()).isEqualTo(3);
    assertThat(result.loaded()).isEqualTo(30);
    assertThat(script.request("validate", ValidationRequest.class).sampleSize()).isEqualTo(100);
  }

  @Test
  void dryRunBuildsValidatesAndDeletesWithoutTouchingTheAlias(
      WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start(Map.of("dryRun", true));
    RebuildResult result = stub.getResult(RebuildResult.class);

    assertThat(result.dryRun()).isTrue();
    assertThat(script.calls)
        .containsExactlyElementsOf(
            concat(UP_TO_LOAD, LOAD, List.of("copyEvents:catch-up", "validate", "deleteIndex")));
    assertThat(result.validation().ok()).isTrue();
  }

  @Test
  void invalidInputFailsBeforeAnyActivity(WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start(Map.of("source", "s3"));

    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> stub.getResult(RebuildResult.class));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("InvalidInput");
    assertThat(cause.getOriginalMessage()).contains("source must be \"database\" or \"kafka\"");
    assertThat(script.calls).isEmpty();
  }

  private static WorkflowStub start(
      WorkflowClient client, WorkflowOptions options, RebuildInput input) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    stub.start(input);
    return stub;
  }
}
