package io.catalog.workflows.replay;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records a history (plan, paused, resumed, completed) and replays it against the workflow code:
 * the determinism check that a change to {@link ReplayWorkflowImpl} must pass before running
 * replays can be picked up by new workers.
 */
class ReplayWorkflowReplayTest {
  static final String FAILED_APPLY = "histories/replay-failed-apply.json";
  private TestWorkflowEnvironment env;
  private WorkflowExecutionHistory history;

  @BeforeEach
  void record() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker =
        env.newWorker(
            "replay-history",
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                .build());
    worker.registerWorkflowImplementationTypes(ReplayWorkflowImpl.class);
    SimulatedTopic topic = new SimulatedTopic(1200, 800);
    topic.hold = true;
    worker.registerActivitiesImplementations(topic);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    ReplayWorkflow wf =
        client.newWorkflowStub(
            ReplayWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("replay-history")
                .setTaskQueue("replay-history")
                .build());
    WorkflowExecution run = WorkflowClient.start(wf::run, ReplayInput.of("earliest", 500));
    await().atMost(Duration.ofSeconds(20)).until(() -> !topic.requests.isEmpty());
    wf.pause(null);
    await().atMost(Duration.ofSeconds(20)).until(() -> "paused".equals(wf.progress().phase()));
    topic.hold = false;
    wf.resume();
    client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(ReplayResult.class);
    history = client.fetchHistory(run.getWorkflowId(), run.getRunId());
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void theRecordedHistoryReplays() {
    assertThatCode(
            () -> WorkflowReplayer.replayWorkflowExecution(history, ReplayWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void anIncompatibleChangeIsCaught() {
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, SleepsFirst.class))
        .hasMessageContaining(NonDeterministicException.class.getSimpleName());
  }

  /**
   * A replay whose apply activity failed three times in a row (one failure of the workflow's retry
   * loop), recorded with the code before {@code bounded-apply-retries}: replays in flight during a
   * deployment run that branch to the end.
   */
  @Test
  void theCommittedHistoryOfAFailedApplyReplays() {
    assertThatCode(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    FAILED_APPLY, ReplayWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  /**
   * To record it again: {@code mvn -pl workflows test -Dtest=ReplayWorkflowReplayTest
   * -Drecord.histories=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordAFailedApply() throws Exception {
    try (TestWorkflowEnvironment recording = TestWorkflowEnvironment.newInstance()) {
      Worker worker = recording.newWorker("replay-failed-apply");
      worker.registerWorkflowImplementationTypes(ReplayWorkflowImpl.class);
      SimulatedTopic topic = new SimulatedTopic(600, 400);
      topic.failures = 3;
      worker.registerActivitiesImplementations(topic);
      recording.start();
      WorkflowClient client = recording.getWorkflowClient();
      ReplayWorkflow wf =
          client.newWorkflowStub(
              ReplayWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("replay-failed-apply")
                  .setTaskQueue("replay-failed-apply")
                  .build());
      WorkflowExecution run = WorkflowClient.start(wf::run, ReplayInput.of("earliest", 500));
      client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(ReplayResult.class);
      Files.writeString(
          Path.of("src/test/resources", FAILED_APPLY),
          client.fetchHistory(run.getWorkflowId(), run.getRunId()).toJson(true));
    }
  }

  /** A "refactoring" that waits before planning: not compatible with running histories. */
  public static class SleepsFirst extends ReplayWorkflowImpl {
    @Override
    public ReplayResult run(ReplayInput input) {
      Workflow.sleep(Duration.ofSeconds(1));
      return super.run(input);
    }
  }
}
