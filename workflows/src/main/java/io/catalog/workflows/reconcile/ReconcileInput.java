package io.catalog.workflows.reconcile;

import io.catalog.workflows.OperatorInput;

/**
 * Input of {@link SearchReconciliationWorkflow}: {@code {"dryRun":true}}. Every field is optional;
 * null input and {@code {}} (the Web UI's empty Start Workflow form) reconcile and repair with the
 * defaults.
 *
 * @param dryRun report the differences without repairing them (default false)
 * @param graceSeconds how long a change may take from commit to the index before a difference it
 *     explains counts as drift (default 60): differences are re-checked after this long, and a
 *     product with an event published less than this long ago, or not yet, is in flight
 * @param maxDifferences candidates a run checks and repairs at most (default 20,000); beyond that
 *     the index is so far off that a rebuild is the cure, and the run says so
 */
@OperatorInput
public record ReconcileInput(Boolean dryRun, Integer graceSeconds, Integer maxDifferences) {
  public static final int DEFAULT_GRACE_SECONDS = 60;
  public static final int DEFAULT_MAX_DIFFERENCES = 20_000;
  public static final int MAX_GRACE_SECONDS = 3_600;

  public static ReconcileInput empty() {
    return new ReconcileInput(null, null, null);
  }

  public ReconcileInput withDefaults() {
    return new ReconcileInput(
        dryRun != null && dryRun,
        graceSeconds != null ? graceSeconds : DEFAULT_GRACE_SECONDS,
        maxDifferences != null ? maxDifferences : DEFAULT_MAX_DIFFERENCES);
  }

  /** Null when the (defaulted) input is usable, otherwise why not. */
  public String problem() {
    if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
      return "graceSeconds must be in [0, " + MAX_GRACE_SECONDS + "], was " + graceSeconds;
    }
    if (maxDifferences < 1) {
      return "maxDifferences must be >= 1, was " + maxDifferences;
    }
    return null;
  }
}
