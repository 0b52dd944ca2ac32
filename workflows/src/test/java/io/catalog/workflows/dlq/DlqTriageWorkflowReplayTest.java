package io.catalog.workflows.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowHistoryLoader;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays a committed history of the triage against the workflow code on every build: the
 * determinism check a change to {@link DlqTriageWorkflowImpl} must pass before it reaches workers
 * with a triage in flight (the triage never ends, so one is always in flight).
 *
 * <p>The history is one run up to its continue-as-new: full and partial reads, idle waits, a
 * replay, a discard whose filter the activity refuses, a pause with a discard run while paused, and
 * a resume.
 */
class DlqTriageWorkflowReplayTest {
  static final String TRIAGE = "histories/dlq-triage-actions.json";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void theCommittedHistoryOfATriageReplays() {
    assertThatCode(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    TRIAGE, DlqTriageWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void aChangeBeforeTheFirstReadIsCaught() {
    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecutionFromResource(TRIAGE, SleepsFirst.class))
        // The replayer reports the NonDeterministicException inside its message.
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("does not match command type COMMAND_TYPE_START_TIMER");
  }

  @Test
  void aChangeToHowSignalsAreHandledIsCaught() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    TRIAGE, IgnoresReplaySignals.class))
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("No command scheduled that corresponds to event_id")
        .hasMessageContaining("DlqReplay");
  }

  /** The history still holds what the tests above rely on, should it ever be recorded again. */
  @Test
  void theCommittedHistoryCoversEveryPathOfTheLoop() throws Exception {
    List<HistoryEvent> events =
        WorkflowHistoryLoader.readHistoryFromResource(TRIAGE).getHistory().getEventsList();
    List<String> activities =
        events.stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
            .distinct()
            .toList();
    List<String> signals =
        events.stream()
            .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
            .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
            .toList();

    assertThat(activities)
        .containsExactlyInAnyOrder("DlqIngest", "DlqReplay", "DlqSummary", "DlqDiscard");
    assertThat(signals).containsExactly("replay", "discard", "pause", "discard", "resume");
    assertThat(events).anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED);
    assertThat(events).anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
    assertThat(events.get(events.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  /**
   * To record it again: {@code mvn -pl workflows test -Dtest=DlqTriageWorkflowReplayTest
   * -Drecord.histories=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordATriage() throws Exception {
    try (TestWorkflowEnvironment recording = TestWorkflowEnvironment.newInstance()) {
      Worker worker = recording.newWorker("dlq-triage-actions");
      worker.registerWorkflowImplementationTypes(DlqTriageWorkflowImpl.class);
      ScriptedTriageActivities dlq = new ScriptedTriageActivities();
      worker.registerActivitiesImplementations(dlq);
      recording.start();
      WorkflowClient client = recording.getWorkflowClient();
      DlqTriageWorkflow wf =
          client.newWorkflowStub(
              DlqTriageWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("dlq-triage")
                  .setTaskQueue("dlq-triage-actions")
                  .build());
      dlq.arrive("validation", "validation", "malformed");
      // Two records a read (a full read, then a partial one), 1 s idle waits, 20 iterations a run.
      WorkflowExecution run =
          WorkflowClient.start(wf::run, new DlqTriageInput(2, 1, 20, null, null, null, null, null));
      await().atMost(DEADLINE).until(() -> dlq.parked.size() == 3 && dlq.ingests.size() >= 2);

      wf.replay(DlqFilter.ofClass("validation"));
      await().atMost(DEADLINE).until(() -> dlq.replays.size() == 1);
      await().atMost(DEADLINE).until(() -> wf.summary().lastAction() != null);

      // The activity refuses the filter (not retried); the triage reports it and goes on.
      wf.discard(new DlqFilter(null, null, "bad", null, null, "ops-admin"));
      await().atMost(DEADLINE).until(() -> wf.summary().lastAction().error() != null);

      wf.pause(null);
      await().atMost(DEADLINE).until(() -> "paused".equals(wf.summary().phase()));
      dlq.arrive("schema_mismatch");
      wf.discard(DlqFilter.ofClass("malformed"));
      await().atMost(DEADLINE).until(() -> dlq.discards.size() == 2);
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  "paused".equals(wf.summary().phase())
                      && wf.summary().lastAction().error() == null);
      int reads = dlq.ingests.size();
      wf.resume();
      // From here on no queries: the test server can lose the last events of a run whose
      // continue-as-new races a query (see DlqTriageWorkflowTest).
      await().atMost(DEADLINE).until(() -> dlq.ingests.size() > reads && dlq.parked.size() == 1);
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                List<HistoryEvent> events =
                    client
                        .fetchHistory(run.getWorkflowId(), run.getRunId())
                        .getHistory()
                        .getEventsList();
                return events.get(events.size() - 1).getEventType()
                    == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
              });
      Files.writeString(
          Path.of("src/test/resources", TRIAGE),
          client.fetchHistory(run.getWorkflowId(), run.getRunId()).toJson(true));
      client.newUntypedWorkflowStub(run.getWorkflowId()).terminate("recorded");
    }
  }

  /** A "refactoring" that waits before its first read: not compatible with running histories. */
  public static class SleepsFirst extends DlqTriageWorkflowImpl {
    @Override
    public void run(DlqTriageInput input) {
      Workflow.sleep(Duration.ofSeconds(1));
      super.run(input);
    }
  }

  /** A change that no longer queues replay signals: the history's replay has no command now. */
  public static class IgnoresReplaySignals extends DlqTriageWorkflowImpl {
    @Override
    public void replay(DlqFilter filter) {}
  }
}
