package io.catalog.workflows.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxPublisherWorkflowTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(OutboxPublisherWorkflowImpl.class)
          // Heartbeats reach the server at once, so cancellation (pause) is seen at once.
          .setWorkerOptions(
              WorkerOptions.newBuilder()
                  .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                  .build())
          .setDoNotStart(true)
          .build();

  private final ScriptedPublishActivity scripted = new ScriptedPublishActivity();
  private final OutboxActivities activities =
      mock(OutboxActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) throws Exception {
    when(activities.publish(any())).thenAnswer(inv -> scripted.publish(inv.getArgument(0)));
    when(activities.backlog(anyInt(), anyInt())).thenReturn(new ShardBacklog(42, 9.0, 1));
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void noInputAtAllMeansShardZeroOfOne(WorkflowClient client, WorkflowOptions options) {
    WorkflowStub stub = client.newUntypedWorkflowStub("OutboxPublisherWorkflow", options);
    stub.start();

    await().atMost(DEADLINE).until(() -> !scripted.requests.isEmpty());
    assertThat(scripted.requests.get(0))
        .isEqualTo(
            new PublishRequest(
                0,
                1,
                OutboxPublisherInput.DEFAULT_BATCH_SIZE,
                OutboxPublisherInput.DEFAULT_ACTIVITY_SECONDS));
    OutboxPublisherStatus status = stub.query("status", OutboxPublisherStatus.class);
    assertThat(status.phase()).isEqualTo("publishing");
    assertThat(status.paused()).isFalse();
    assertThat(status.batchSize()).isEqualTo(500);
  }

  @Test
  void emptyJsonObjectMeansDefaults(WorkflowClient client, WorkflowOptions options) {
    client.newUntypedWorkflowStub("OutboxPublisherWorkflow", options).start(Map.of());

    await().atMost(DEADLINE).until(() -> !scripted.requests.isEmpty());
    assertThat(scripted.requests.get(0)).isEqualTo(new PublishRequest(0, 1, 500, 30));
  }

  @Test
  void partialJsonKeepsGivenFieldsAndDefaultsTheRest(
      WorkflowClient client, WorkflowOptions options) {
    client
        .newUntypedWorkflowStub("OutboxPublisherWorkflow", options)
        .start(Map.of("shard", 2, "shards", 3, "unknownField", true));

    await().atMost(DEADLINE).until(() -> !scripted.requests.isEmpty());
    assertThat(scripted.requests.get(0)).isEqualTo(new PublishRequest(2, 3, 500, 30));
  }

  @Test
  void invalidInputFailsTheWorkflow(WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);

    assertThatThrownBy(() -> wf.run(OutboxPublisherInput.of(3, 2, 500)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("shard must be in [0, 2)");
  }

  @Test
  void statusAddsUpWhatTheActivitiesDid(WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    WorkflowClient.start(wf::run, OutboxPublisherInput.of(1, 4, 100));
    scripted.returns(ScriptedPublishActivity.summary(10));
    scripted.returns(new PublishSummary(5, 2, 1, 3, "record too large", 7, 2.5, 1));

    await().atMost(DEADLINE).until(() -> wf.status().publishedTotal() == 15);
    OutboxPublisherStatus status = wf.status();
    assertThat(status.processed()).isEqualTo(15);
    assertThat(status.pending()).isEqualTo(7);
    assertThat(status.total()).isEqualTo(22);
    assertThat(status.oldestPendingAgeSeconds()).isEqualTo(2.5);
    assertThat(status.failed()).isEqualTo(1);
    assertThat(status.sendFailuresTotal()).isEqualTo(2);
    assertThat(status.lastError()).isEqualTo("record too large");
    assertThat(status.shard()).isEqualTo(1);
    assertThat(status.shards()).isEqualTo(4);
    assertThat(scripted.requests).allMatch(r -> r.batchSize() == 100 && r.shard() == 1);
  }

  @Test
  void pauseStopsPublishingAndResumeContinues(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    WorkflowClient.start(wf::run, OutboxPublisherInput.empty());
    await().atMost(DEADLINE).until(() -> scripted.requests.size() == 1);
    scripted.onCancel = ScriptedPublishActivity.summary(7);

    wf.pause("Kafka upgrade, ops-42");

    // The running activity is cancelled, finishes and reports what it had published.
    await().atMost(DEADLINE).until(() -> "paused".equals(wf.status().phase()));
    assertThat(scripted.cancellations).isEqualTo(1);
    assertThat(wf.status().paused()).isTrue();
    assertThat(wf.status().pauseNote()).isEqualTo("Kafka upgrade, ops-42");
    assertThat(wf.status().publishedTotal()).isEqualTo(7);
    int callsWhenPaused = scripted.requests.size();

    // Minutes pass while paused: no publish call, only backlog refreshes.
    env.sleep(Duration.ofMinutes(3));
    assertThat(scripted.requests).hasSize(callsWhenPaused);
    verify(activities, atLeastOnce()).backlog(0, 1);
    assertThat(wf.status().pending()).isEqualTo(42);

    wf.resume();

    await().atMost(DEADLINE).until(() -> scripted.requests.size() > callsWhenPaused);
    assertThat(wf.status().paused()).isFalse();
    assertThat(wf.status().pauseNote()).isNull();
    assertThat(wf.status().phase()).isEqualTo("publishing");
  }

  @Test
  void theNextActivityStartsBeforeTheRunningOneEndsAndAPauseStopsBoth(
      WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    // Four-second activities: the successor is due two seconds in.
    WorkflowClient.start(
        wf::run, new OutboxPublisherInput(0, 1, 500, 4, 100, null, null, null, null));

    // No activity has been let finish, so the first is still running when the second starts.
    await().atMost(DEADLINE).until(() -> scripted.requests.size() == 2);
    assertThat(scripted.running.get()).isEqualTo(2);

    scripted.onCancel = ScriptedPublishActivity.summary(7);
    wf.pause(null);

    await().atMost(DEADLINE).until(() -> "paused".equals(wf.status().phase()));
    assertThat(scripted.cancellations).isEqualTo(2);
    assertThat(wf.status().publishedTotal()).isEqualTo(14);
    assertThat(scripted.running.get()).isZero();
  }

  @Test
  void eachSuccessorStartsBeforeItsPredecessorEnds(WorkflowClient client, WorkflowOptions options) {
    scripted.endsOnItsOwn = true;
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    // Four-second activities that end on time: a successor is due two seconds into each.
    WorkflowClient.start(
        wf::run, new OutboxPublisherInput(0, 1, 500, 4, 100, null, null, null, null));

    await().atMost(DEADLINE).until(() -> scripted.requests.size() >= 4);
    // The third and fourth too, whose predecessors had themselves been started ahead.
    assertThat(scripted.runningAtStart.subList(1, 4)).containsOnly(2);
    wf.pause(null);
    await().atMost(DEADLINE).until(() -> "paused".equals(wf.status().phase()));
  }

  @Test
  void continueAsNewCarriesTotals(WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    WorkflowExecution firstRun =
        WorkflowClient.start(
            wf::run, new OutboxPublisherInput(0, 1, 500, 30, 2, null, null, null, null));
    for (int i = 0; i < 5; i++) {
      scripted.returns(ScriptedPublishActivity.summary(10));
    }

    await().atMost(DEADLINE).until(() -> scripted.requests.size() == 6);
    OutboxPublisherStatus status = wf.status();
    assertThat(status.publishedTotal()).isEqualTo(50);
    assertThat(status.iteration()).isLessThanOrEqualTo(2);
    assertThat(lastEventType(client, firstRun))
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  @Test
  void pauseIsCarriedAcrossContinueAsNew(WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    WorkflowClient.start(
        wf::run, new OutboxPublisherInput(0, 1, 500, 30, 1, 99L, 3L, true, "Kafka upgrade"));

    await().atMost(DEADLINE).until(() -> "paused".equals(wf.status().phase()));
    OutboxPublisherStatus status = wf.status();
    assertThat(status.paused()).isTrue();
    assertThat(status.pauseNote()).isEqualTo("Kafka upgrade");
    assertThat(status.publishedTotal()).isEqualTo(99);
    assertThat(status.sendFailuresTotal()).isEqualTo(3);
    assertThat(scripted.requests).isEmpty();
  }

  @Test
  void aPausedPublisherContinuesAsNewWithItsPauseAndNote(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    WorkflowExecution firstRun =
        WorkflowClient.start(
            wf::run, new OutboxPublisherInput(0, 1, 500, 30, 2, null, null, null, null));
    await().atMost(DEADLINE).until(() -> scripted.requests.size() == 1);
    scripted.onCancel = ScriptedPublishActivity.summary(0);
    wf.pause("held for the run of bench-0a1b2c since 2026-12-07T03:00:00Z; it resumes it");
    await().atMost(DEADLINE).until(() -> "paused".equals(wf.status().phase()));

    // Paused, each refresh is an iteration: two of them, and the run continues as new.
    env.sleep(OutboxPublisherWorkflowImpl.PAUSED_REFRESH.multipliedBy(3));

    assertThat(lastEventType(client, firstRun))
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    OutboxPublisherStatus status = wf.status();
    assertThat(status.phase()).isEqualTo("paused");
    assertThat(status.pauseNote()).startsWith("held for the run of bench-0a1b2c since");
    assertThat(scripted.requests).hasSize(1);
  }

  @Test
  void failedActivityIsReportedAndRetried(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    OutboxPublisherWorkflow wf = client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    WorkflowClient.start(wf::run, OutboxPublisherInput.empty());
    for (int i = 0; i < 3; i++) {
      scripted.fails(new IllegalStateException("database is down"));
    }

    await().atMost(DEADLINE).until(() -> "retrying".equals(wf.status().phase()));
    assertThat(wf.status().lastError()).contains("database is down");

    scripted.returns(ScriptedPublishActivity.summary(4));
    env.sleep(OutboxPublisherWorkflowImpl.RETRY_DELAY);
    await().atMost(DEADLINE).until(() -> wf.status().publishedTotal() == 4);
    assertThat(wf.status().lastError()).isNull();
  }

  private static EventType lastEventType(WorkflowClient client, WorkflowExecution run) {
    List<HistoryEvent> events =
        client.fetchHistory(run.getWorkflowId(), run.getRunId()).getHistory().getEventsList();
    return events.get(events.size() - 1).getEventType();
  }
}
