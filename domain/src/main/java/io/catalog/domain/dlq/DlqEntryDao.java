package io.catalog.domain.dlq;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Every statement on {@code dlq_entries}: the one filter and row mapping that the operations
 * module's {@code DlqOperations} (triage activities, {@code platform dlq}) and the ops API ({@code
 * GET /ops/dlq}) share, and the writes of parking, replaying and discarding. The statements that
 * must run in the caller's transaction take its {@link Handle}.
 *
 * <pre>{@code
 * new DlqEntryDao(jdbi).list(DlqEntryDao.Where.of(DlqStatus.PARKED, "validation", List.of(), null, null), 100);
 * }</pre>
 */
public final class DlqEntryDao {
  private final Jdbi jdbi;

  public DlqEntryDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** How many entries wait for a decision (PARKED): the workers' {@code dlq_pending_entries}. */
  public long parked() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM dlq_entries WHERE status = "
                        + DlqEntryRows.literal(DlqStatus.PARKED))
                .mapTo(long.class)
                .one());
  }

  /**
   * Stores dead letters as PARKED, in one transaction; a letter stored before (same topic,
   * partition and offset) is left as it is, whatever its status.
   *
   * @return entries newly stored
   */
  public int park(List<DeadLetter> letters) {
    return jdbi.inTransaction(
        h -> {
          PreparedBatch batch = h.prepareBatch(DlqEntryRows.INSERT);
          for (DeadLetter d : letters) {
            DlqEntryRows.bind(batch, d).add();
          }
          int stored = 0;
          for (int count : batch.execute()) {
            stored += Math.max(count, 0);
          }
          return stored;
        });
  }

  /** The entry with this id, with headers and value (none or one). */
  public List<DlqEntry> byId(long id) {
    return full("id = :key", id);
  }

  /** Every entry of an event id, oldest first, with headers and value. */
  public List<DlqEntry> byEventId(UUID eventId) {
    return full("event_id = :key", eventId);
  }

  private List<DlqEntry> full(String condition, Object key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + DlqEntryRows.COLUMNS
                        + ", headers::text AS headers_text, record_value FROM"
                        + " dlq_entries WHERE "
                        + condition
                        + " ORDER BY id")
                .bind("key", key)
                .map((rs, ctx) -> DlqEntryRows.entry(rs, true))
                .list());
  }

  /** How many entries there are of each class and status, by class, then status. */
  public List<DlqEntryCount> counts() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT error_class, status, count(*) AS n FROM dlq_entries GROUP BY 1, 2"
                        + " ORDER BY 1, 2")
                .map(
                    (rs, ctx) -> new DlqEntryCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list());
  }

  /** When the oldest PARKED entry failed (else was stored), or null when none is PARKED. */
  public Instant oldestParked() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT min(coalesce(failed_at, created_at)) AS oldest FROM dlq_entries WHERE"
                        + " status = "
                        + DlqEntryRows.literal(DlqStatus.PARKED))
                .map((rs, ctx) -> DlqEntryRows.instant(rs, "oldest"))
                .one());
  }

  /** The highest id now (0 for none): replays and discards act on the entries up to it. */
  public long maxId() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT coalesce(max(id), 0) FROM dlq_entries").mapTo(Long.class).one());
  }

  /** The record values of these entries by id, in id order (an empty array for a tombstone). */
  public Map<Long, byte[]> values(Handle h, List<Long> ids) {
    Map<Long, byte[]> values = new LinkedHashMap<>();
    h.createQuery("SELECT id, record_value FROM dlq_entries WHERE id = ANY(:ids) ORDER BY id")
        .bindArray("ids", Long.class, ids)
        .map(
            (rs, ctx) ->
                Map.entry(rs.getLong(1), rs.getBytes(2) == null ? new byte[0] : rs.getBytes(2)))
        .forEach(e -> values.put(e.getKey(), e.getValue()));
    return values;
  }

  /**
   * Marks the entries matching {@code where} with id at most {@code maxId} DISCARDED by {@code
   * actor}.
   *
   * @return their ids, in no particular order
   */
  public List<Long> discard(Where where, long maxId, String actor) {
    return jdbi.withHandle(
        h ->
            where
                .bind(
                    h.createQuery(
                        "UPDATE dlq_entries SET status = "
                            + DlqEntryRows.literal(DlqStatus.DISCARDED)
                            + ", resolved_at = now(),"
                            + " resolved_by = :actor, updated_at = now()"
                            + where.sql()
                            + " AND id <= :maxId RETURNING id"))
                .bind("actor", actor)
                .bind("maxId", maxId)
                .mapTo(Long.class)
                .list());
  }

  /**
   * Locks ({@code FOR UPDATE SKIP LOCKED}, until the caller's transaction on {@code h} ends) and
   * reads up to {@code limit} entries matching {@code where} with an id in ({@code after}, {@code
   * maxId}], in id order, as a replay sends them.
   */
  public List<ReplayableEntry> lockForReplay(
      Handle h, Where where, long after, long maxId, int limit) {
    return where
        .bind(
            h.createQuery(
                "SELECT id, original_topic, record_key_bytes, record_value, headers::text FROM"
                    + " dlq_entries"
                    + where.sql()
                    + " AND id > :after AND id <= :maxId ORDER BY"
                    + " id LIMIT :chunk FOR UPDATE SKIP LOCKED"))
        .bind("after", after)
        .bind("maxId", maxId)
        .bind("chunk", limit)
        .map(
            (rs, ctx) ->
                new ReplayableEntry(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getBytes(3),
                    rs.getBytes(4),
                    rs.getString(5)))
        .list();
  }

  /** Marks an entry REPLAYED to {@code topic} by {@code actor}, in the caller's transaction. */
  public void markReplayed(Handle h, long id, String topic, String actor) {
    resolve(h, id, DlqStatus.REPLAYED, "replayed_to", topic, actor);
  }

  /** Marks an entry SKIPPED for {@code reason} by {@code actor}, in the caller's transaction. */
  public void markSkipped(Handle h, long id, String reason, String actor) {
    resolve(h, id, DlqStatus.SKIPPED, "resolution", reason, actor);
  }

  /** Moves one entry out of PARKED to {@code status}, setting {@code column} to {@code value}. */
  private static void resolve(
      Handle h, long id, DlqStatus status, String column, String value, String actor) {
    h.createUpdate(
            "UPDATE dlq_entries SET status = "
                + DlqEntryRows.literal(status)
                + ", "
                + column
                + " = :value, resolved_at = now(), resolved_by = :actor, updated_at = now()"
                + " WHERE id = :id")
        .bind("value", value)
        .bind("actor", actor)
        .bind("id", id)
        .execute();
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
   * {@link DlqEntryRows#COLUMNS} of the entries matching {@code where}, then {@code rest} with its
   * one binding.
   */
  private List<DlqEntry> select(Where where, String rest, String name, Object value) {
    return jdbi.withHandle(
        h ->
            where
                .bind(
                    h.createQuery(
                        "SELECT "
                            + DlqEntryRows.COLUMNS
                            + " FROM dlq_entries"
                            + where.sql()
                            + rest))
                .bind(name, value)
                .map((rs, ctx) -> DlqEntryRows.entry(rs, false))
                .list());
  }

  /**
   * A WHERE clause selecting entries, with its bindings. Its values are checked and normalised by
   * the caller (status upper case, class lower case); null or empty ones select everything.
   */
  public record Where(String sql, Map<String, Object> values, List<UUID> eventIds) {
    /** As {@link #of(String, String, List, OffsetDateTime, OffsetDateTime)}, typed. */
    public static Where of(
        DlqStatus status,
        String errorClass,
        List<UUID> eventIds,
        OffsetDateTime from,
        OffsetDateTime to) {
      return of(status == null ? null : status.name(), errorClass, eventIds, from, to);
    }

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
