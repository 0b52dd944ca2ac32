package io.catalog.operations.replay;

import io.catalog.workflows.replay.ReplayProgress;
import io.catalog.workflows.replay.ReplayResult;

/**
 * One replay as {@code platform replay status} and {@code GET /ops/replays/{id}} show it.
 *
 * @param status Temporal's execution status: RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED,
 *     CONTINUED_AS_NEW, TIMED_OUT
 * @param progress the {@code progress} query; null when it could not be answered (no worker)
 * @param result set once it completed
 * @param failure why it FAILED (e.g. an apply that kept failing for the retry window), else null
 */
public record ReplayStatus(
    String workflowId,
    String runId,
    String status,
    ReplayProgress progress,
    ReplayResult result,
    String failure) {

  public boolean running() {
    return "RUNNING".equals(status);
  }
}
