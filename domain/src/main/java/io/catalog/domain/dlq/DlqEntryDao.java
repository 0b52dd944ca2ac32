package io.catalog.domain.dlq;

import io.catalog.domain.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Reads {@code dlq_entries}: the one filter and row mapping that the workers' {@code DlqOperations}
 * (triage activities, {@code platform dlq}) and the ops API ({@code GET /ops/dlq}) share.
 *
 * <pre>{@code
 * new DlqEntryDao(jdbi).list(DlqEntryDao.Where.of("PARKED", "validation", List.of(), null, null), 100);
 * }</pre>
 */
public final class DlqEntryDao {
  /** Every column of a {@link DlqEntry} but headers and value. */
  public static final String COLUMNS =
      "id, event_id, error_class, status, attempts, exception_class, exception_message,"
          + " original_topic, original_partition, original_offset, dlq_topic, dlq_partition,"
          + " dlq_offset, record_key, failed_at, created_at, updated_at, resolved_at, resolved_by,"
          + " replayed_to, resolution";

  private final Jdbi jdbi;

  public DlqEntryDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** How many entries wait for a decision (PARKED): the workers' {@code dlq_pending_entries}. */
  public long parked() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM dlq_entries WHERE status = 'PARKED'")
                .mapTo(long.class)
                .one());
  }

  /** Entries matching {@code where}, newest first, without value and headers. */
  public List<DlqEntry> list(Where where, int limit) {
    return select(where, " ORDER BY id DESC LIMIT :limit", "limit", limit);
  }

  /**
   * Entries matching {@code where} with id at most {@code maxId}, oldest first, without value and
   * headers.
   */
  public List<DlqEntry> upTo(Where where, long maxId) {
    return select(where, " AND id <= :maxId ORDER BY id", "maxId", maxId);
  }

  /**
   * {@link #COLUMNS} of the entries matching {@code where}, then {@code rest} with its one binding.
   */
  private List<DlqEntry> select(Where where, String rest, String name, Object value) {
    return jdbi.withHandle(
        h ->
            where
                .bind(h.createQuery("SELECT " + COLUMNS + " FROM dlq_entries" + where.sql() + rest))
                .bind(name, value)
                .map((rs, ctx) -> entry(rs, false))
                .list());
  }

  /**
   * One row of a query selecting {@link #COLUMNS}, and with {@code full} also {@code headers_text}
   * (the headers as JSON text) and {@code record_value}.
   */
  public static DlqEntry entry(ResultSet rs, boolean full) throws SQLException {
    String headers = full ? rs.getString("headers_text") : null;
    byte[] value = full ? rs.getBytes("record_value") : null;
    try {
      return new DlqEntry(
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
          rs.getString("dlq_topic"),
          rs.getInt("dlq_partition"),
          rs.getLong("dlq_offset"),
          rs.getString("record_key"),
          instant(rs, "failed_at"),
          instant(rs, "created_at"),
          instant(rs, "updated_at"),
          instant(rs, "resolved_at"),
          rs.getString("resolved_by"),
          rs.getString("replayed_to"),
          rs.getString("resolution"),
          headers == null ? null : Json.mapper().readTree(headers),
          value == null ? null : new String(value, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SQLException("stored headers are not JSON", e);
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /**
   * A WHERE clause selecting entries, with its bindings. Its values are checked and normalised by
   * the caller (status upper case, class lower case); null or empty ones select everything.
   */
  public record Where(String sql, Map<String, Object> values, List<UUID> eventIds) {
    public static Where of(
        String status,
        String errorClass,
        List<UUID> eventIds,
        OffsetDateTime from,
        OffsetDateTime to) {
      List<String> conditions = new ArrayList<>();
      Map<String, Object> values = new LinkedHashMap<>();
      if (status != null) {
        conditions.add("status = :status");
        values.put("status", status);
      }
      if (errorClass != null) {
        conditions.add("error_class = :errorClass");
        values.put("errorClass", errorClass);
      }
      List<UUID> ids = eventIds == null ? List.of() : new ArrayList<>(eventIds);
      if (!ids.isEmpty()) {
        conditions.add("event_id = ANY(:eventIds)");
      }
      if (from != null) {
        conditions.add("coalesce(failed_at, created_at) >= :fromTime");
        values.put("fromTime", from);
      }
      if (to != null) {
        conditions.add("coalesce(failed_at, created_at) < :toTime");
        values.put("toTime", to);
      }
      String sql =
          conditions.isEmpty() ? " WHERE true" : " WHERE " + String.join(" AND ", conditions);
      return new Where(sql, values, ids);
    }

    public <T extends SqlStatement<T>> T bind(T statement) {
      values.forEach(statement::bind);
      if (!eventIds.isEmpty()) {
        statement.bindArray("eventIds", UUID.class, eventIds);
      }
      return statement;
    }
  }
}
