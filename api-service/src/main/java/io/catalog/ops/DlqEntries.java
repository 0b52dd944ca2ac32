package io.catalog.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads {@code dlq_entries} for the ops API. Writes never happen here: replay and discard go to the
 * triage workflow as signals, whose activities change the entries (workers' {@code DlqOperations}).
 */
final class DlqEntries {
  private static final String COLUMNS =
      "id, event_id, error_class, status, attempts, exception_class, exception_message,"
          + " original_topic, original_partition, original_offset, failed_at, resolved_at,"
          + " resolved_by, replayed_to";

  private final Jdbi jdbi;

  DlqEntries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  List<DlqEntryView> list(DlqSelection selection, String status, int limit) {
    List<String> conditions = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    where(selection, status, conditions, values);
    String sql =
        "SELECT " + COLUMNS + " FROM dlq_entries"
            + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
            + " ORDER BY id DESC LIMIT :limit";
    return jdbi.withHandle(
        h -> bind(h.createQuery(sql), values, selection).bind("limit", limit).map((rs, ctx) -> view(rs)).list());
  }

  /** Counts by status, for the list's summary. */
  Map<String, Long> countsByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("PARKED", 0L);
    counts.put("REPLAYED", 0L);
    counts.put("DISCARDED", 0L);
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT status, count(*) FROM dlq_entries GROUP BY 1")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }

  private static void where(
      DlqSelection s, String status, List<String> conditions, Map<String, Object> values) {
    if (status != null) {
      conditions.add("status = :status");
      values.put("status", status);
    }
    if (s.errorClass() != null) {
      conditions.add("error_class = :errorClass");
      values.put("errorClass", s.errorClass());
    }
    if (!s.eventIds().isEmpty()) {
      conditions.add("event_id = ANY(:eventIds)");
    }
    if (s.from() != null) {
      conditions.add("coalesce(failed_at, created_at) >= :fromTime");
      values.put("fromTime", s.from());
    }
    if (s.to() != null) {
      conditions.add("coalesce(failed_at, created_at) < :toTime");
      values.put("toTime", s.to());
    }
  }

  private static Query bind(Query q, Map<String, Object> values, DlqSelection s) {
    values.forEach(q::bind);
    if (!s.eventIds().isEmpty()) {
      q.bindArray("eventIds", UUID.class, s.eventIds());
    }
    return q;
  }

  private static DlqEntryView view(ResultSet rs) throws SQLException {
    return new DlqEntryView(
        rs.getLong("id"),
        rs.getObject("event_id", UUID.class),
        rs.getString("error_class"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("exception_class"),
        rs.getString("exception_message"),
        rs.getString("original_topic"),
        (Integer) rs.getObject("original_partition"),
        (Long) rs.getObject("original_offset"),
        instant(rs.getTimestamp("failed_at")),
        instant(rs.getTimestamp("resolved_at")),
        rs.getString("resolved_by"),
        rs.getString("replayed_to"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
