package io.catalog.operations.reconcile;

import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.temporal.Executions;
import io.catalog.workflows.ProgressQuery;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.reconcile.ReconcileProgress;
import io.catalog.workflows.reconcile.SearchReconciliationWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code ./platform reconcile} and the tests do with the drift reconciliation: start a run as
 * {@code search-reconciliation}, read its progress, wait for it.
 */
public final class ReconcileClient {
  private final WorkflowClient client;
  private final PlatformNames names;

  public ReconcileClient(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  public String workflowId() {
    return names.reconciliationWorkflowId();
  }

  /**
   * Starts a run on {@code projection-ops}; a new run is allowed once the previous one closed.
   *
   * @throws IllegalStateException while one started this way runs
   */
  public WorkflowExecution start(ReconcileInput input) {
    ReconcileInput given = input != null ? input : ReconcileInput.empty();
    boolean dryRun = given.withDefaults().dryRun();
    WorkflowOptions options =
        Executions.oneAtATime(workflowId(), names.projectionOpsTaskQueue())
            .setStaticSummary(
                "Reconcile `"
                    + names.searchAlias()
                    + "` with the database"
                    + (dryRun ? " (dry run)" : ""))
            .setStaticDetails(
                "Fingerprint id-range buckets on both sides → walk the buckets that differ → wait"
                    + " out the grace period → re-check and repair.\n\nInput: `"
                    + Json.write(given)
                    + "`\n\nPause/resume: signals `pause`, `resume`; progress: query `progress`.")
            .build();
    try {
      return client.newUntypedWorkflowStub(SearchReconciliationWorkflow.TYPE, options).start(given);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new IllegalStateException(
          "a reconciliation is already running as "
              + workflowId()
              + "; follow it with"
              + " `./platform reconcile --follow`",
          e);
    }
  }

  /** The {@code progress} query of the latest run started as {@link #workflowId()}. */
  public ReconcileProgress progress() {
    return stub().query(ProgressQuery.NAME, ReconcileProgress.class);
  }

  /** Whether the latest run started as {@link #workflowId()} is still open. */
  public boolean running() {
    return Executions.running(client, workflowId());
  }

  /**
   * Waits for the latest run to end.
   *
   * @throws io.temporal.client.WorkflowFailedException when it failed or was cancelled
   */
  public ReconcileProgress await(Duration timeout) throws TimeoutException {
    return stub().getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, ReconcileProgress.class);
  }

  private WorkflowStub stub() {
    return client.newUntypedWorkflowStub(workflowId());
  }
}
