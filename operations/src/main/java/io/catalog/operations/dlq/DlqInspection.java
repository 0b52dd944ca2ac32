package io.catalog.operations.dlq;

import io.catalog.domain.dlq.DlqEntry;
import io.catalog.domain.dlq.DlqEntryDao;
import io.catalog.domain.dlq.DlqStatus;
import io.catalog.workflows.dlq.DlqCount;
import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only side of the dead-letter actions: listing, showing and summing up entries. */
final class DlqInspection {
  private final DlqEntryDao entries;

  DlqInspection(DlqEntryDao entries) {
    this.entries = entries;
  }

  /**
   * Entries matching the filter (and status, when given), newest first, without value and headers.
   */
  List<DlqEntry> list(DlqFilter filter, String status, int limit) {
    return entries.list(DlqFilters.where(filter, DlqFilters.status(status)), Math.max(1, limit));
  }

  /**
   * One entry by id, or every entry of an event id (an event that failed again after a replay has
   * one entry per failure), oldest first, with headers and value.
   */
  List<DlqEntry> show(String idOrEventId) {
    String key = idOrEventId == null ? "" : idOrEventId.strip();
    if (key.matches("\\d{1,18}")) {
      return entries.byId(Long.parseLong(key));
    }
    return entries.byEventId(DlqFilters.uuid(key));
  }

  /** Counts by class and status, and the oldest PARKED entry. */
  DlqSummary summary() {
    List<DlqCount> counts =
        entries.counts().stream()
            .map(c -> new DlqCount(c.errorClass(), c.status(), c.count()))
            .toList();
    Instant oldest = entries.oldestParked();
    Map<String, Long> byStatus = new LinkedHashMap<>();
    long total = 0;
    for (DlqCount c : counts) {
      byStatus.merge(c.status(), c.count(), Long::sum);
      total += c.count();
    }
    return new DlqSummary(
        total,
        count(byStatus, DlqStatus.PARKED),
        count(byStatus, DlqStatus.REPLAYED),
        count(byStatus, DlqStatus.DISCARDED),
        counts,
        oldest == null ? null : oldest.toString(),
        count(byStatus, DlqStatus.SKIPPED));
  }

  private static long count(Map<String, Long> byStatus, DlqStatus status) {
    return byStatus.getOrDefault(status.name(), 0L);
  }
}
