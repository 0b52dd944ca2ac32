package io.catalog.workflows.reconcile;

import io.catalog.workflows.LongRunning;
import java.util.List;

/**
 * Answer of the {@code progress} query and the result of a run.
 *
 * @param phase {@code planning}, {@code comparing}, {@code waiting} (the grace period before the
 *     re-check), {@code repairing} ({@code confirming} in a dry run), {@code paused}, {@code
 *     completed} or {@code cancelled}
 * @param pauseNote who paused and why (the {@code pause} signal's input), null when not paused or
 *     paused without a note
 * @param candidates ids found different while comparing, before the re-check
 * @param drift differences confirmed, by class
 * @param repaired documents rewritten or removed
 * @param truncated more candidates than {@code maxDifferences}: the rest waits for the next run
 */
public record ReconcileProgress(
    String phase,
    String index,
    boolean dryRun,
    boolean paused,
    String pauseNote,
    int bucketsChecked,
    int bucketsTotal,
    int bucketsDiffering,
    long candidates,
    DriftCounts drift,
    long inFlight,
    long repaired,
    long superseded,
    boolean truncated,
    List<String> examples) {

  public ReconcileProgress {
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  /** The Web UI's details line (Markdown). */
  public String details() {
    return String.format(
        java.util.Locale.ROOT,
        "**%s**%s%s · buckets %d of %d (%d differ) · drift: %s · in flight %d · repaired %d%s",
        phase,
        dryRun ? " (dry run)" : "",
        LongRunning.pauseNote(pauseNote),
        bucketsChecked,
        bucketsTotal,
        bucketsDiffering,
        drift.describe(),
        inFlight,
        repaired,
        truncated ? " · more drift than one run repairs: run again or rebuild" : "");
  }
}
