package io.catalog.workflows.dlq;

import java.util.List;

/**
 * The {@code dlq_entries} table at a glance.
 *
 * @param counts by error class and status, sorted
 * @param oldestParkedAt failure time of the oldest PARKED entry (ISO-8601), null when none
 * @param skipped entries a replay left out because their product had moved on (SKIPPED)
 */
public record DlqSummary(
    long total,
    long parked,
    long replayed,
    long discarded,
    List<DlqCount> counts,
    String oldestParkedAt,
    long skipped) {

  public DlqSummary {
    counts = counts == null ? List.of() : List.copyOf(counts);
  }

  public DlqSummary(
      long total,
      long parked,
      long replayed,
      long discarded,
      List<DlqCount> counts,
      String oldestParkedAt) {
    this(total, parked, replayed, discarded, counts, oldestParkedAt, 0);
  }

  public static DlqSummary empty() {
    return new DlqSummary(0, 0, 0, 0, List.of(), null);
  }
}
