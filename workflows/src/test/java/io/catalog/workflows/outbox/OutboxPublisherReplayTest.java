package io.catalog.workflows.outbox;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Replays a history recorded on the Temporal dev server (publisher started, paused with {@code
 * temporal workflow signal --name pause}, activity cancelled and reporting back, resumed), cut
 * where it stood while still running: a change to the workflow code that would break running
 * publishers fails here first.
 */
class OutboxPublisherReplayTest {
  private static final String PAUSE_RESUME = "/histories/outbox-publisher-pause-resume.json";

  /**
   * Recorded on the dev stack after {@code overlapping-publish-activities} (version 1): two
   * hand-overs where the next activity started before the running one completed, then a pause that
   * cancelled the running one and a resume.
   */
  private static final String OVERLAPPING_HANDOVER =
      "/histories/outbox-publisher-overlapping-handover.json";

  @Test
  void recordedPauseAndResumeReplays() throws Exception {
    assertThatCode(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    history(PAUSE_RESUME), OutboxPublisherWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void recordedOverlappingHandOversReplay() throws Exception {
    assertThatCode(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    history(OVERLAPPING_HANDOVER), OutboxPublisherWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void anIncompatibleChangeIsCaught() throws Exception {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    history(PAUSE_RESUME), SleepsFirstPublisher.class))
        .hasMessageContaining(NonDeterministicException.class.getSimpleName())
        .hasMessageContaining("does not match command type COMMAND_TYPE_START_TIMER");
  }

  private static WorkflowExecutionHistory history(String resource) throws IOException {
    try (InputStream in = OutboxPublisherReplayTest.class.getResourceAsStream(resource)) {
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * A "refactoring" that waits before its first activity: not compatible with running histories.
   */
  public static class SleepsFirstPublisher extends OutboxPublisherWorkflowImpl {
    @Override
    public void run(OutboxPublisherInput input) {
      Workflow.sleep(Duration.ofSeconds(1));
      super.run(input);
    }
  }
}
