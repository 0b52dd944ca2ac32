package io.catalog.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplayWorkflowTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReplayWorkflowImpl.class)
          // Heartbeats reach the server at once, so a pause (cancellation) is seen at once.
          .setWorkerOptions(
              WorkerOptions.newBuilder()
                  .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                  .build())
          .setDoNotStart(true)
          .build();

  /** Three partitions, 7,000 offsets in all. */
  private final SimulatedTopic topic = new SimulatedTopic(3000, 2500, 1500);

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(topic);
    env.start();
  }

  @Test
  void noInputAtAllReplaysEverythingFromEarliestInBatchesOf1000(
      WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ReplayWorkflow.TYPE, options);
    stub.start();

    ReplayResult result = stub.getResult(ReplayResult.class);

    assertThat(topic.plans).containsExactly("earliest");
    assertThat(topic.requests.get(0).batchSize()).isEqualTo(ReplayInput.DEFAULT_BATCH_SIZE);
    assertThat(topic.requests.get(0).maxSeconds()).isEqualTo(ReplayInput.DEFAULT_ACTIVITY_SECONDS);
    assertThat(topic.requests.get(0).positions()).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));
    assertThat(result.processed()).isEqualTo(7000);
    assertThat(result.total()).isEqualTo(7000);
    assertThat(result.records()).isEqualTo(7000);
    ReplayProgress progress = stub.query("progress", ReplayProgress.class);
    assertThat(progress.phase()).isEqualTo("completed");
    assertThat(progress.percent()).isEqualTo(100.0);
    assertThat(progress.partitions())
        .extracting(ReplayPartition::position)
        .containsExactly(3000L, 2500L, 1500L);
  }

  @Test
  void emptyJsonObjectMeansDefaults(WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ReplayWorkflow.TYPE, options);
    stub.start(Map.of());

    assertThat(stub.getResult(ReplayResult.class).processed()).isEqualTo(7000);
    assertThat(topic.plans).containsExactly("earliest");
    assertThat(topic.requests).allMatch(r -> r.batchSize() == 1000);
  }

  @Test
  void partialJsonKeepsGivenFieldsAndDefaultsTheRest(
      WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ReplayWorkflow.TYPE, options);
    stub.start(Map.of("from", "0:2500, 2:1000", "batchSize", 250, "unknownField", true));

    ReplayResult result = stub.getResult(ReplayResult.class);

    assertThat(topic.plans).containsExactly("0:2500, 2:1000");
    assertThat(topic.requests).allMatch(r -> r.batchSize() == 250);
    // Partition 1 is not named: nothing of it is replayed.
    assertThat(topic.requests.get(0).positions()).isEqualTo(Map.of(0, 2500L, 1, 2500L, 2, 1000L));
    assertThat(result.total()).isEqualTo(500 + 500);
    assertThat(result.processed()).isEqualTo(1000);
  }

  @Test
  void invalidInputFailsTheWorkflowBeforeReadingAnything(
      WorkflowClient client, WorkflowOptions options) {
    ReplayWorkflow wf = client.newWorkflowStub(ReplayWorkflow.class, options);

    assertThatThrownBy(() -> wf.run(ReplayInput.of("yesterday", null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("from must be 'earliest'");
    assertThatThrownBy(
            () ->
                client.newWorkflowStub(ReplayWorkflow.class, options).run(ReplayInput.of(null, 0)))
        .rootCause()
        .hasMessageContaining("batchSize must be in [1, 10000]");
    assertThat(topic.plans).isEmpty();
  }

  @Test
  void pauseStopsAtTheReportedPositionAndResumeGoesOnFromThere(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    ReplayWorkflow wf = client.newWorkflowStub(ReplayWorkflow.class, options);
    topic.holdAfter = 2;
    WorkflowExecution run = WorkflowClient.start(wf::run, ReplayInput.of(null, 500));
    await().atMost(DEADLINE).until(() -> topic.requests.size() == 3);

    wf.pause("search cluster upgrade, ops-12");

    await().atMost(DEADLINE).until(() -> "paused".equals(wf.progress().phase()));
    assertThat(topic.cancellations).isEqualTo(1);
    ReplayProgress before = wf.progress();
    assertThat(before.paused()).isTrue();
    assertThat(before.pauseNote()).isEqualTo("search cluster upgrade, ops-12");
    assertThat(before.processed()).isGreaterThan(0).isLessThan(before.total());
    int calls = topic.requests.size();

    // Minutes pass while paused: no activity runs and the position stays where it is.
    env.sleep(Duration.ofMinutes(5));
    ReplayProgress after = wf.progress();
    assertThat(after.processed()).isEqualTo(before.processed());
    assertThat(after.partitions()).isEqualTo(before.partitions());
    assertThat(topic.requests).hasSize(calls);

    topic.holdAfter = Integer.MAX_VALUE;
    wf.resume();

    ReplayResult result =
        client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(ReplayResult.class);
    assertThat(result.processed()).isEqualTo(7000);
    // The first call after the resume starts exactly where the pause left off.
    assertThat(topic.requests.get(calls).positions())
        .isEqualTo(
            new TreeMap<>(
                before.partitions().stream()
                    .collect(
                        java.util.stream.Collectors.toMap(
                            ReplayPartition::partition, ReplayPartition::position))));
    assertThat(wf.progress().paused()).isFalse();
  }

  @Test
  void continueAsNewCarriesThePositionAndThePlan(WorkflowClient client, WorkflowOptions options) {
    ReplayWorkflow wf = client.newWorkflowStub(ReplayWorkflow.class, options);
    WorkflowExecution firstRun =
        WorkflowClient.start(
            wf::run,
            new ReplayInput(null, 400, null, 2, null, null, null, null, null, null, null, null));

    ReplayResult result =
        client.newUntypedWorkflowStub(firstRun.getWorkflowId()).getResult(ReplayResult.class);

    assertThat(result.processed()).isEqualTo(7000);
    assertThat(result.records()).isEqualTo(7000);
    // Planned once: the end offsets of the first run hold for every later run.
    assertThat(topic.plans).hasSize(1);
    for (int i = 1; i < topic.requests.size(); i++) {
      assertThat(topic.requests.get(i).positions()).isEqualTo(topic.results.get(i - 1).positions());
    }
    assertThat(wf.progress().run()).isGreaterThan(3);
    List<HistoryEvent> events =
        client
            .fetchHistory(firstRun.getWorkflowId(), firstRun.getRunId())
            .getHistory()
            .getEventsList();
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  @Test
  void pauseIsCarriedAcrossContinueAsNew(WorkflowClient client, WorkflowOptions options) {
    ReplayWorkflow wf = client.newWorkflowStub(ReplayWorkflow.class, options);
    ReplayPlan plan = topic.plan("earliest");
    topic.plans.clear();
    TreeMap<Integer, Long> at = new TreeMap<>(Map.of(0, 1000L, 1, 0L, 2, 0L));
    WorkflowClient.start(
        wf::run,
        new ReplayInput(
            "earliest", 1000, null, null, plan, at, 1000L, 0L, 500L, true, 2, "ops-9 reindex"));

    await().atMost(DEADLINE).until(() -> "paused".equals(wf.progress().phase()));
    ReplayProgress progress = wf.progress();
    assertThat(progress.processed()).isEqualTo(1000);
    assertThat(progress.run()).isEqualTo(2);
    assertThat(progress.pauseNote()).isEqualTo("ops-9 reindex");
    assertThat(progress.ratePerSecond()).isEqualTo(2000.0);
    assertThat(topic.plans).isEmpty();
    assertThat(topic.requests).isEmpty();
  }

  @Test
  void anApplyThatFailsForAWhileIsRetriedWithBackoffAndTheReplayCompletes(
      WorkflowClient client, WorkflowOptions options) {
    topic.failures = 5;

    ReplayResult result =
        client.newWorkflowStub(ReplayWorkflow.class, options).run(ReplayInput.empty());

    assertThat(result.processed()).isEqualTo(7000);
    // The five failures were attempts of the first apply: it went on from the plan's start.
    assertThat(topic.requests.get(5).positions()).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));
  }

  @Test
  void anApplyThatKeepsFailingEndsTheReplayFailedWithTheCauseInsteadOfRetryingForever(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    topic.failures = Integer.MAX_VALUE;
    WorkflowStub stub = client.newUntypedWorkflowStub(ReplayWorkflow.TYPE, options);
    stub.start(ReplayInput.empty());

    // Bounded, as the old endless retry loop was not: it ran into this timeout instead.
    assertThatThrownBy(() -> stub.getResult(60, TimeUnit.SECONDS, ReplayResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("replay failed at {0=0, 1=0, 2=0}")
        .hasMessageContaining("Elasticsearch unavailable (simulated)");
    // Retried with backoff (1 s doubling to 30 s) within the window, then given up.
    assertThat(topic.requests.size()).isBetween(10, 60);
    ReplayProgress progress = stub.query("progress", ReplayProgress.class);
    assertThat(progress.phase()).isEqualTo("failed");
    assertThat(progress.lastError()).contains("Elasticsearch unavailable (simulated)");
    assertThat(
            env.getWorkflowClient()
                .fetchHistory(stub.getExecution().getWorkflowId())
                .getLastEvent()
                .getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  }

  @Test
  void cancelStopsTheReplayAndEndsItAsCancelled(WorkflowClient client, WorkflowOptions options) {
    ReplayWorkflow wf = client.newWorkflowStub(ReplayWorkflow.class, options);
    WorkflowExecution run = WorkflowClient.start(wf::run, ReplayInput.empty());
    topic.hold = true;
    await().atMost(DEADLINE).until(() -> !topic.requests.isEmpty());

    WorkflowStub stub = client.newUntypedWorkflowStub(run.getWorkflowId());
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(ReplayResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(topic.requests).hasSize(1);
  }
}
