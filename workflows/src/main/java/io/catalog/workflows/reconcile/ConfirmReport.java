package io.catalog.workflows.reconcile;

import java.util.List;

/**
 * @param drift differences still there and settled
 * @param inFlight differences explained by a change younger than the grace period
 * @param resolved candidates that no longer differ
 * @param drifted the ids counted in {@code drift}, for the repair
 * @param examples up to 20 differences, one line each
 */
public record ConfirmReport(
    DriftCounts drift, long inFlight, long resolved, List<String> drifted, List<String> examples) {
  public ConfirmReport {
    drifted = drifted == null ? List.of() : List.copyOf(drifted);
    examples = examples == null ? List.of() : List.copyOf(examples);
  }
}
