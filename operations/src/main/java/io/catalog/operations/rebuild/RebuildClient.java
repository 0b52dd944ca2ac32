package io.catalog.operations.rebuild;

import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.temporal.Executions;
import io.catalog.workflows.ProgressQuery;
import io.catalog.workflows.rebuild.ProductSearchRebuildWorkflow;
import io.catalog.workflows.rebuild.ProductSearchRollbackWorkflow;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildProgress;
import io.catalog.workflows.rebuild.RebuildResult;
import io.catalog.workflows.rebuild.RollbackInput;
import io.catalog.workflows.rebuild.RollbackResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the CLI ({@code platform rebuild}) and the ops endpoints do with the search rebuild: start
 * one (refusing a second while one runs), read its progress, pause, resume, cancel, roll back.
 *
 * <pre>{@code
 * RebuildClient rebuilds = new RebuildClient(workflowClient, PlatformNames.DEFAULT);
 * rebuilds.start(RebuildInput.empty());            // from the database, newest mapping
 * rebuilds.status().map(RebuildStatus::progress);  // phase, processed/total, rate, ETA
 * rebuilds.cancel();                               // compensates; the alias stays where it was
 * rebuilds.rollback(RollbackInput.previous(), Duration.ofMinutes(1));
 * }</pre>
 */
public final class RebuildClient {
  private final WorkflowClient client;
  private final PlatformNames names;

  public RebuildClient(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  public String workflowId() {
    return names.rebuildWorkflowId();
  }

  /** {@code product-search-rollback}, behind the same name prefix as the rebuild's id. */
  public String rollbackWorkflowId() {
    return names.rollbackWorkflowId();
  }

  /**
   * Starts a rebuild on {@code projection-ops} with id {@code product-search-rebuild}, a static
   * summary and details for the Web UI. A new run is allowed once the previous one closed.
   *
   * @param input null or partial: defaults are filled by the workflow
   * @throws RebuildAlreadyRunningException while another rebuild runs
   */
  public WorkflowExecution start(RebuildInput input) {
    RebuildInput given = input != null ? input : RebuildInput.empty();
    RebuildInput shown = given.withDefaults();
    WorkflowOptions options =
        Executions.oneAtATime(workflowId(), names.projectionOpsTaskQueue())
            .setStaticSummary(
                String.format(
                    Locale.ROOT,
                    "Rebuild `%s` from %s%s",
                    names.searchAlias(),
                    shown.source(),
                    shown.dryRun() ? " (dry run)" : ""))
            .setStaticDetails(
                "Versioned index → load → catch up → validate → atomic alias switch → final catch-up"
                    + " → cleanup.\n\nInput: `"
                    + Json.write(given)
                    + "`\n\nPause/resume: signals"
                    + " `pause`, `resume`; progress: query `progress`; cancel compensates.")
            .build();
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRebuildWorkflow.TYPE, options);
    try {
      return stub.start(given);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new RebuildAlreadyRunningException(workflowId(), e.getExecution().getRunId());
    }
  }

  /** The latest rebuild (running or closed) and its progress; empty when none ever ran. */
  public Optional<RebuildStatus> status() {
    return Executions.describe(client, workflowId(), ProgressQuery.NAME, RebuildProgress.class)
        .map(d -> new RebuildStatus(d.workflowId(), d.runId(), d.status(), d.answer()));
  }

  /** The {@code progress} query of the latest rebuild. */
  public RebuildProgress progress() {
    return client
        .newUntypedWorkflowStub(workflowId())
        .query(ProgressQuery.NAME, RebuildProgress.class);
  }

  /**
   * @throws io.temporal.client.WorkflowNotFoundException when no rebuild ever ran
   * @throws Executions.NotRunningException when the latest has ended
   */
  public void pause() {
    Executions.signal(client, workflowId(), "pause");
  }

  /** As {@link #pause}. */
  public void resume() {
    Executions.signal(client, workflowId(), "resume");
  }

  /**
   * Asks the running rebuild to stop; it compensates (alias back, new index deleted) and ends as
   * cancelled.
   *
   * @throws IllegalStateException when no rebuild runs
   */
  public void cancel() {
    Optional<RebuildStatus> latest = status();
    if (latest.isEmpty() || !latest.get().running()) {
      throw new IllegalStateException("no search rebuild is running");
    }
    client.newUntypedWorkflowStub(workflowId()).cancel("cancelled by an operator");
  }

  /**
   * Waits for the latest rebuild to end.
   *
   * @throws io.temporal.client.WorkflowFailedException when it failed or was cancelled
   */
  public RebuildResult await(Duration timeout) throws TimeoutException {
    return client
        .newUntypedWorkflowStub(workflowId())
        .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RebuildResult.class);
  }

  /**
   * Moves the alias back (to the previous whole index, or to {@code input.toIndex()}) and waits for
   * it; the rollback first copies into that index the events it missed while it was not served.
   * Refused while a rebuild runs: the rebuild would switch the alias again.
   */
  public RollbackResult rollback(RollbackInput input, Duration timeout) throws TimeoutException {
    if (status().map(RebuildStatus::running).orElse(false)) {
      throw new IllegalStateException(
          "a search rebuild is running; cancel it (it puts the alias back) instead of rolling back");
    }
    WorkflowOptions options =
        Executions.oneAtATime(rollbackWorkflowId(), names.projectionOpsTaskQueue())
            .setStaticSummary("Roll back `" + names.searchAlias() + "` to the previous index")
            .build();
    WorkflowStub stub = client.newUntypedWorkflowStub(ProductSearchRollbackWorkflow.TYPE, options);
    stub.start(input != null ? input : RollbackInput.previous());
    return stub.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RollbackResult.class);
  }
}
