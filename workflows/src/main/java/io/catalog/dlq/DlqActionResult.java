package io.catalog.dlq;

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
 */
public record DlqActionResult(
    String action,
    String filter,
    boolean dryRun,
    long matched,
    long done,
    long skipped,
    List<Long> entryIds,
    String error) {

  public DlqActionResult {
    entryIds = entryIds == null ? List.of() : List.copyOf(entryIds);
  }

  public static DlqActionResult failed(DlqAction action, String error) {
    return new DlqActionResult(
        action.kind(), action.filter().describe(), false, 0, 0, 0, List.of(), error);
  }
}
