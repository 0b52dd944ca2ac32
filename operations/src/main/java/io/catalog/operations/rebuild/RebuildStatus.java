package io.catalog.operations.rebuild;

import io.catalog.workflows.rebuild.RebuildProgress;

/**
 * The latest rebuild as Temporal knows it.
 *
 * @param status Temporal's execution status without its prefix: {@code RUNNING}, {@code COMPLETED},
 *     {@code FAILED}, {@code CANCELED}, {@code TERMINATED}, {@code TIMED_OUT}
 * @param progress the {@code progress} query's answer (also for a closed run); null when the query
 *     could not be answered (no worker polling)
 */
public record RebuildStatus(
    String workflowId, String runId, String status, RebuildProgress progress) {
  public boolean running() {
    return "RUNNING".equals(status);
  }
}
