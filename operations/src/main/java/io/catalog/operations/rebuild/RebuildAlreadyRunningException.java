package io.catalog.operations.rebuild;

/**
 * A rebuild was asked for while another one runs; only one runs at a time (docs/architecture.md,
 * "Workflows, signals and queries").
 */
public final class RebuildAlreadyRunningException extends RuntimeException {
  private final String workflowId;
  private final String runId;

  public RebuildAlreadyRunningException(String workflowId, String runId) {
    super(
        "a search rebuild is already running (workflow "
            + workflowId
            + ", run "
            + runId
            + "): watch it in the Temporal Web UI, or stop it with `temporal workflow cancel"
            + " --workflow-id "
            + workflowId
            + "` before starting another");
    this.workflowId = workflowId;
    this.runId = runId;
  }

  public String workflowId() {
    return workflowId;
  }

  public String runId() {
    return runId;
  }
}
