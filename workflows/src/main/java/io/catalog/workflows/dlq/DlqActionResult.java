package io.catalog.workflows.dlq;

import java.util.List;

/**
 * What a replay or discard did (or, for a dry run, would do).
 *
 * @param matched PARKED entries the filter selected
 * @param done entries republished (replay) or marked DISCARDED (discard)
 * @param skipped selected entries left PARKED: no original topic to replay to, or taken by a
 *     concurrent operation
 * @param entryIds the ids of the entries done (for a dry run: the ones that would be)
 * @param error why it failed, null when it did not
 * @param stale replay only: entries not republished because their product is at a newer version or
 *     deleted, marked SKIPPED (for a dry run: the ones that would be); a stale record must never
 *     become the newest of its key in the compacted topic (docs/architecture.md, "Replays and
 *     dead-letter triage")
 * @param staleEntryIds the ids of those entries
 */
public record DlqActionResult(
    String action,
    String filter,
    boolean dryRun,
    long matched,
    long done,
    long skipped,
    List<Long> entryIds,
    String error,
    long stale,
    List<Long> staleEntryIds) {

  public DlqActionResult {
    entryIds = entryIds == null ? List.of() : List.copyOf(entryIds);
    staleEntryIds = staleEntryIds == null ? List.of() : List.copyOf(staleEntryIds);
  }

  /** A discard of {@code ids} (for a dry run: the entries it would discard). */
  public static DlqActionResult discarded(String filter, boolean dryRun, List<Long> ids) {
    return new DlqActionResult(
        DlqAction.DISCARD, filter, dryRun, ids.size(), ids.size(), 0, ids, null, 0, List.of());
  }

  public static DlqActionResult failed(DlqAction action, String error) {
    return new DlqActionResult(
        action.kind(), action.filter().describe(), false, 0, 0, 0, List.of(), error, 0, List.of());
  }
}
