package io.catalog.workflows.rebuild;

import io.catalog.workflows.Compensations;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * The rebuild's compensations: each step registers its undo before it runs; on a failure or a
 * cancellation they run in a detached cancellation scope (so a cancelled rebuild still cleans up),
 * in reverse order, each tolerating its step never having happened. A compensation that failed is
 * reported and fails the rebuild as such.
 */
final class RebuildSaga {
  /**
   * Version marker: a failed compensation is counted by an activity and fails the rebuild as such.
   */
  static final String REPORT_COMPENSATION_FAILURE = "report-compensation-failure";

  private static final Logger log = Workflow.getLogger(ProductSearchRebuildWorkflowImpl.class);

  private final Compensations compensations = new Compensations();
  private final RebuildStubs stubs;
  private final RebuildState state;

  RebuildSaga(RebuildStubs stubs, RebuildState state) {
    this.stubs = stubs;
    this.state = state;
  }

  /** Registers the deletion of {@code index}, before creating it. */
  void deleteIndexOnFailure(String index) {
    compensations.add(stubs.undo::deleteIndex, index);
  }

  /**
   * Registers putting the alias back on {@code previousIndex}, before switching it to {@code
   * index}.
   */
  void restoreAliasOnFailure(String previousIndex, String index) {
    compensations.add(stubs.handBack::restoreAlias, previousIndex, index);
  }

  /**
   * Compensates for a failed or cancelled rebuild, then returns the failure to throw: {@code e}
   * itself, or a {@code CompensationFailed} one when a compensation failed.
   */
  TemporalFailure failed(TemporalFailure e, boolean cancelled) {
    state.lastError = cancelled ? "cancelled" : rootMessage(e);
    log.warn("rebuild {} ({}); compensating", cancelled ? "cancelled" : "failed", state.lastError);
    String compensationError = compensate();
    state.enter(cancelled ? "cancelled" : "failed");
    if (compensationError != null
        && Workflow.getVersion(REPORT_COMPENSATION_FAILURE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      return compensationFailed(e, cancelled, compensationError);
    }
    return e;
  }

  /**
   * A compensation that failed leaves something behind (an index, the alias on the new index): it
   * is counted on the workers' /metrics and the rebuild fails with type {@code CompensationFailed}
   * (the original failure as its cause), not with the step's failure alone.
   */
  private ApplicationFailure compensationFailed(
      TemporalFailure e, boolean cancelled, String compensationError) {
    String message =
        (cancelled ? "cancelled" : "failed: " + rootMessage(e))
            + "; compensation failed (left behind, index "
            + state.index()
            + "): "
            + compensationError;
    Workflow.newDetachedCancellationScope(
            () -> stubs.undo.reportCompensationFailure(Workflow.getInfo().getWorkflowId(), message))
        .run();
    return ApplicationFailure.newNonRetryableFailureWithCause(message, "CompensationFailed", e);
  }

  /** Runs the compensations; returns why those that failed did, or null. */
  private String compensate() {
    state.enter("compensating");
    String[] failed = {null};
    Workflow.newDetachedCancellationScope(
            () -> {
              List<String> failures = compensations.run();
              if (!failures.isEmpty()) {
                failed[0] = String.join("; ", failures);
                state.lastError = state.lastError + "; compensation failed: " + failed[0];
                log.error("compensation failed: {}", failed[0]);
              }
            })
        .run();
    return failed[0];
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure af ? af.getOriginalMessage() : t.getMessage();
  }
}
