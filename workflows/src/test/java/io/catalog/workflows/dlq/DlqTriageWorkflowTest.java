package io.catalog.workflows.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DlqTriageWorkflowTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DlqTriageWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final ScriptedTriageActivities dlq = new ScriptedTriageActivities();

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(dlq);
    env.start();
  }

  @Test
  void noInputEmptyObjectAndPartialInputAllStartWithDefaults(
      WorkflowClient client, WorkflowOptions options) {
    for (Object[] input :
        List.of(
            new Object[0],
            new Object[] {Map.of()},
            new Object[] {Map.of("idleSeconds", 2, "x", 1)})) {
      WorkflowStub stub =
          client.newUntypedWorkflowStub(
              DlqTriageWorkflow.TYPE,
              WorkflowOptions.newBuilder(options)
                  .setWorkflowId("dlq-triage-" + input.length + dlq.ingests.size())
                  .build());
      int before = dlq.ingests.size();
      stub.start(input);
      await().atMost(DEADLINE).until(() -> dlq.ingests.size() > before);
      assertThat(dlq.ingests.get(before).maxRecords()).isEqualTo(DlqTriageInput.DEFAULT_BATCH_SIZE);
      assertThat(dlq.ingests.get(before).positions()).isEmpty();
      await()
          .atMost(DEADLINE)
          .until(() -> "idle".equals(stub.query("summary", DlqTriageStatus.class).phase()));
      stub.terminate("test done");
    }
  }

  @Test
  void deadLettersAreParkedAndNothingIsReplayedOrDiscardedWithoutASignal(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    DlqTriageWorkflow wf = client.newWorkflowStub(DlqTriageWorkflow.class, options);
    dlq.arrive("validation", "schema_mismatch", "malformed");
    WorkflowClient.start(wf::run, DlqTriageInput.empty());

    await().atMost(DEADLINE).until(() -> wf.summary().parked() == 3);
    DlqTriageStatus status = wf.summary();
    assertThat(status.processed()).isEqualTo(3);
    assertThat(status.positions()).containsEntry(0, 3L);
    assertThat(status.oldestParkedAt()).isEqualTo("2026-01-10T12:00:45Z");
    assertThat(status.paused()).isFalse();

    // A quarter of an hour of reading (hundreds of idle reads, continue-as-new included): still all
    // PARKED.
    dlq.arrive("missing_field");
    env.sleep(Duration.ofMinutes(15));
    assertThat(dlq.ingests.size()).isGreaterThan(100);
    assertThat(wf.summary().parked()).isEqualTo(4);
    assertThat(dlq.replays).isEmpty();
    assertThat(dlq.discards).isEmpty();
    assertThat(wf.summary().lastAction()).isNull();
  }

  @Test
  void replayAndDiscardSignalsEachRunOnceWithTheirFilter(
      WorkflowClient client, WorkflowOptions options) {
    DlqTriageWorkflow wf = client.newWorkflowStub(DlqTriageWorkflow.class, options);
    dlq.arrive("validation", "validation", "malformed");
    WorkflowClient.start(wf::run, DlqTriageInput.empty());
    await().atMost(DEADLINE).until(() -> wf.summary().parked() == 3);

    WorkflowStub stub = WorkflowStub.fromTyped(wf);
    stub.signal("replay", Map.of("class", "validation", "target", "product.events.v2"));

    await().atMost(DEADLINE).until(() -> wf.summary().lastAction() != null);
    assertThat(dlq.replays)
        .containsExactly(
            new DlqFilter("validation", null, null, null, "product.events.v2", "signal"));
    DlqActionResult replayed = wf.summary().lastAction();
    assertThat(replayed.action()).isEqualTo("replay");
    assertThat(replayed.done()).isEqualTo(2);
    assertThat(wf.summary().parked()).isEqualTo(1);

    // No input at all selects every PARKED entry.
    stub.signal("discard");
    await().atMost(DEADLINE).until(() -> "discard".equals(wf.summary().lastAction().action()));
    assertThat(dlq.discards).containsExactly(DlqFilter.all().requestedBy("signal"));
    assertThat(wf.summary().parked()).isZero();
    assertThat(dlq.replays).hasSize(1);
  }

  @Test
  void aBadFilterIsReportedAndTheTriageGoesOn(WorkflowClient client, WorkflowOptions options) {
    DlqTriageWorkflow wf = client.newWorkflowStub(DlqTriageWorkflow.class, options);
    WorkflowClient.start(wf::run, DlqTriageInput.empty());

    wf.discard(new DlqFilter(null, null, "bad", null, null, null));

    await().atMost(DEADLINE).until(() -> wf.summary().lastAction() != null);
    assertThat(wf.summary().lastAction().error()).contains("ISO-8601");
    // Not retried: the filter will not get any better.
    assertThat(dlq.discards).hasSize(1);
    dlq.arrive("unknown");
    await().atMost(DEADLINE).until(() -> wf.summary().parked() == 1);
  }

  @Test
  void pauseStopsReadingButOperatorActionsStillRun(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options) {
    DlqTriageWorkflow wf = client.newWorkflowStub(DlqTriageWorkflow.class, options);
    dlq.arrive("validation");
    WorkflowClient.start(wf::run, DlqTriageInput.empty());
    await().atMost(DEADLINE).until(() -> wf.summary().parked() == 1);

    wf.pause("schema fix first, ops-11");
    await().atMost(DEADLINE).until(() -> "paused".equals(wf.summary().phase()));
    assertThat(wf.summary().pauseNote()).isEqualTo("schema fix first, ops-11");
    int reads = dlq.ingests.size();
    dlq.arrive("malformed");
    env.sleep(Duration.ofMinutes(10));
    assertThat(dlq.ingests).hasSize(reads);
    assertThat(wf.summary().parked()).isEqualTo(1);

    wf.replay(DlqFilter.ofClass("validation"));
    await().atMost(DEADLINE).until(() -> wf.summary().lastAction() != null);
    assertThat(wf.summary().paused()).isTrue();
    assertThat(dlq.ingests).hasSize(reads);

    wf.resume();
    await().atMost(DEADLINE).until(() -> wf.summary().parked() == 1 && dlq.ingests.size() > reads);
    assertThat(wf.summary().pauseNote()).isNull();
    assertThat(dlq.parked)
        .extracting(ScriptedTriageActivities.Parked::errorClass)
        .containsExactly("malformed");
  }

  @Test
  void continueAsNewCarriesThePositionPauseAndTotals(
      WorkflowClient client, WorkflowOptions options) {
    DlqTriageWorkflow wf = client.newWorkflowStub(DlqTriageWorkflow.class, options);
    dlq.arrive("validation", "validation", "validation", "validation", "validation");
    WorkflowExecution firstRun =
        WorkflowClient.start(wf::run, new DlqTriageInput(2, 1, 2, null, null, null, null, null));

    // Waits on the activities, not on queries: the test server can lose the last events of a run
    // whose continue-as-new races a query.
    await().atMost(DEADLINE).until(() -> dlq.ingests.size() >= 4);
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              List<HistoryEvent> events =
                  client
                      .fetchHistory(firstRun.getWorkflowId(), firstRun.getRunId())
                      .getHistory()
                      .getEventsList();
              assertThat(events.get(events.size() - 1).getEventType())
                  .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
            });
    assertThat(wf.summary().processed()).isEqualTo(5);
    assertThat(wf.summary().positions()).containsEntry(0, 5L);
    // Every read after the first continues from where the previous one stopped: none re-reads.
    for (int i = 1; i < dlq.ingests.size(); i++) {
      assertThat(dlq.ingests.get(i).positions().getOrDefault(0, 0L))
          .isGreaterThanOrEqualTo(dlq.ingests.get(i - 1).positions().getOrDefault(0, 0L));
    }
  }

  @Test
  void aCarriedPauseAndQueuedActionSurviveContinueAsNew(
      WorkflowClient client, WorkflowOptions options) {
    DlqTriageWorkflow wf = client.newWorkflowStub(DlqTriageWorkflow.class, options);
    WorkflowClient.start(
        wf::run,
        new DlqTriageInput(
            null,
            null,
            null,
            new TreeMap<>(Map.of(0, 42L)),
            42L,
            true,
            List.of(
                new DlqAction(
                    DlqAction.DISCARD, DlqFilter.ofClass("malformed").requestedBy("ops-admin"))),
            "ops-10 schema fix"));

    await().atMost(DEADLINE).until(() -> "paused".equals(wf.summary().phase()));
    assertThat(wf.summary().pauseNote()).isEqualTo("ops-10 schema fix");
    assertThat(dlq.discards)
        .containsExactly(DlqFilter.ofClass("malformed").requestedBy("ops-admin"));
    assertThat(dlq.ingests).isEmpty();
    assertThat(wf.summary().processed()).isEqualTo(42);
    assertThat(wf.summary().positions()).containsEntry(0, 42L);
  }
}
