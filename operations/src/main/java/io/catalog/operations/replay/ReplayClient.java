package io.catalog.operations.replay;

import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.temporal.Executions;
import io.catalog.workflows.ProgressQuery;
import io.catalog.workflows.replay.ReplayFrom;
import io.catalog.workflows.replay.ReplayInput;
import io.catalog.workflows.replay.ReplayProgress;
import io.catalog.workflows.replay.ReplayResult;
import io.catalog.workflows.replay.ReplayWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code platform replay} does with replays: start one, read its progress, pause, resume,
 * cancel.
 *
 * <pre>{@code
 * ReplayClient replays = new ReplayClient(workflowClient, PlatformNames.DEFAULT);
 * String id = replays.start(ReplayInput.of("2026-01-10T12:00:00Z", 1000), Instant.now()).getWorkflowId();
 * replays.status(id).map(ReplayStatus::progress);   // phase, processed/total, rate, partitions
 * replays.pause(id);
 * }</pre>
 */
public final class ReplayClient {
  private final WorkflowClient client;
  private final PlatformNames names;

  public ReplayClient(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  /** {@code replay-product-event-projection-group-20260110T120045Z}: see {@link PlatformNames}. */
  public static String workflowId(PlatformNames names, Instant startedAt) {
    return names.replayWorkflowId(startedAt);
  }

  /**
   * Starts a replay on {@code projection-ops}.
   *
   * @param input null or partial: the workflow fills the defaults
   * @throws IllegalArgumentException for an input the workflow would refuse
   * @throws IllegalStateException when a replay with this second's id exists already
   */
  public WorkflowExecution start(ReplayInput input, Instant now) {
    ReplayInput given = input != null ? input : ReplayInput.empty();
    ReplayInput shown = given.withDefaults();
    String problem = shown.problem();
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    String id = workflowId(names, now);
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(names.projectionOpsTaskQueue())
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setStaticSummary(
                "Replay `"
                    + names.productEvents()
                    + "` from "
                    + ReplayFrom.parse(shown.from())
                    + " into `"
                    + names.searchAlias()
                    + "`")
            .setStaticDetails(
                "Group-less consumer (assign + seek): the live group's offsets are untouched."
                    + " Idempotent (external versions).\n\nInput: `"
                    + Json.write(given)
                    + "`\n\nSignals `pause`, `resume`; query `progress`; cancel stops it.")
            .build();
    try {
      return client.newUntypedWorkflowStub(ReplayWorkflow.TYPE, options).start(given);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new IllegalStateException("replay " + id + " exists already; start again in a second");
    }
  }

  /** The replay's latest run and its progress; empty when there is no such workflow. */
  public Optional<ReplayStatus> status(String workflowId) {
    return Executions.describe(client, workflowId, ProgressQuery.NAME, ReplayProgress.class)
        .map(
            d ->
                new ReplayStatus(
                    workflowId,
                    d.runId(),
                    d.status(),
                    d.answer(),
                    "COMPLETED".equals(d.status()) ? result(workflowId) : null,
                    "FAILED".equals(d.status()) ? failure(workflowId) : null));
  }

  private ReplayResult result(String workflowId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .getResult(5, TimeUnit.SECONDS, ReplayResult.class);
    } catch (TimeoutException | RuntimeException e) {
      return null;
    }
  }

  /** Why the replay failed (e.g. an apply that kept failing for the retry window). */
  private String failure(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).getResult(5, TimeUnit.SECONDS, ReplayResult.class);
      return null;
    } catch (WorkflowFailedException e) {
      return e.getCause() instanceof TemporalFailure f ? f.getOriginalMessage() : e.getMessage();
    } catch (TimeoutException | RuntimeException e) {
      return null;
    }
  }

  /** The {@code progress} query of the replay's latest run. */
  public ReplayProgress progress(String workflowId) {
    return client
        .newUntypedWorkflowStub(workflowId)
        .query(ProgressQuery.NAME, ReplayProgress.class);
  }

  /**
   * @throws io.temporal.client.WorkflowNotFoundException when there is no such replay
   * @throws Executions.NotRunningException when it has ended
   */
  public void pause(String workflowId) {
    pause(workflowId, null);
  }

  /**
   * {@link #pause(String)} with a note, who paused and why: the replay's {@code progress} shows it
   * ({@code pauseNote}) until the resume.
   */
  public void pause(String workflowId, String note) {
    Executions.signal(client, workflowId, "pause", note);
  }

  /** As {@link #pause(String)}. */
  public void resume(String workflowId) {
    Executions.signal(client, workflowId, "resume");
  }

  /** Stops it; what was applied stays applied. */
  public void cancel(String workflowId) {
    client.newUntypedWorkflowStub(workflowId).cancel("cancelled by an operator");
  }

  /**
   * Waits for the replay to end.
   *
   * @throws io.temporal.client.WorkflowFailedException when it failed or was cancelled
   */
  public ReplayResult await(String workflowId, Duration timeout) throws TimeoutException {
    return client
        .newUntypedWorkflowStub(workflowId)
        .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, ReplayResult.class);
  }
}
