package io.catalog.api.ops;

import io.catalog.domain.dlq.DlqEntryDao;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads {@code dlq_entries} for the ops API, with the same filter SQL as {@code platform dlq}
 * ({@link DlqEntryDao}). Writes never happen here: replay and discard go to the triage workflow as
 * signals, whose activities change the entries (workers' {@code DlqOperations}).
 */
final class DlqEntries {
  private final Jdbi jdbi;
  private final DlqEntryDao dao;

  DlqEntries(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.dao = new DlqEntryDao(jdbi);
  }

  /** Entries the selection (and status, when given) selects, newest first. */
  List<DlqEntryView> list(DlqSelection selection, String status, int limit) {
    DlqEntryDao.Where where =
        DlqEntryDao.Where.of(
            status, selection.errorClass(), selection.eventIds(), selection.from(), selection.to());
    return dao.list(where, limit).stream().map(DlqEntryView::new).toList();
  }

  /** Counts by status, for the list's summary. */
  Map<String, Long> countsByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("PARKED", 0L);
    counts.put("REPLAYED", 0L);
    counts.put("DISCARDED", 0L);
    counts.put("SKIPPED", 0L);
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT status, count(*) FROM dlq_entries GROUP BY 1")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }
}
