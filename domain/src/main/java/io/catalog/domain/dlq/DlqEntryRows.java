package io.catalog.domain.dlq;

import io.catalog.domain.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * How a {@code dlq_entries} row and Java meet, both ways: the columns a {@link DlqEntry} is read
 * from, and the insert a {@link DeadLetter} is bound to. {@link DlqEntryDao} runs the statements.
 */
final class DlqEntryRows {
  /** Every column of a {@link DlqEntry} but headers and value. */
  static final String COLUMNS =
      "id, event_id, error_class, status, attempts, exception_class, exception_message,"
          + " original_topic, original_partition, original_offset, dlq_topic, dlq_partition,"
          + " dlq_offset, record_key, failed_at, created_at, updated_at, resolved_at, resolved_by,"
          + " replayed_to, resolution";

  static final String INSERT =
      "INSERT INTO dlq_entries (event_id, dlq_topic, dlq_partition, dlq_offset,"
          + " original_topic, original_partition, original_offset, record_key,"
          + " record_key_bytes, record_value, headers, error_class, exception_class,"
          + " exception_message, attempts, failed_at) VALUES (:eventId, :dlqTopic,"
          + " :dlqPartition, :dlqOffset, :originalTopic, :originalPartition,"
          + " :originalOffset, :recordKey, :recordKeyBytes, :recordValue,"
          + " cast(:headersJson AS jsonb), :errorClass, :exceptionClass,"
          + " :exceptionMessage, :attempts, :failedAt) ON CONFLICT (dlq_topic,"
          + " dlq_partition, dlq_offset) DO NOTHING";

  private DlqEntryRows() {}

  /** Binds a letter to the next row of a batch of {@link #INSERT}. */
  static PreparedBatch bind(PreparedBatch batch, DeadLetter d) {
    return batch
        .bind("eventId", d.eventId())
        .bind("dlqTopic", d.dlqTopic())
        .bind("dlqPartition", d.dlqPartition())
        .bind("dlqOffset", d.dlqOffset())
        .bind("originalTopic", d.originalTopic())
        .bind("originalPartition", d.originalPartition())
        .bind("originalOffset", d.originalOffset())
        .bind("recordKey", d.recordKey())
        .bind("recordKeyBytes", d.recordKeyBytes())
        .bind("recordValue", d.recordValue())
        .bind("headersJson", d.headersJson())
        .bind("errorClass", d.errorClass())
        .bind("exceptionClass", d.exceptionClass())
        .bind("exceptionMessage", d.exceptionMessage())
        .bind("attempts", d.attempts())
        .bind(
            "failedAt",
            d.failedAt() == null ? null : OffsetDateTime.ofInstant(d.failedAt(), ZoneOffset.UTC));
  }

  /**
   * One row of a query selecting {@link #COLUMNS}, and with {@code full} also {@code headers_text}
   * (the headers as JSON text) and {@code record_value}.
   */
  static DlqEntry entry(ResultSet rs, boolean full) throws SQLException {
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

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /**
   * A status as a literal in the statement, not a bound parameter: the PARKED index is partial
   * ({@code WHERE status = 'PARKED'}, V3), and a prepared generic plan cannot match a parameter to
   * it.
   */
  static String literal(DlqStatus status) {
    return "'" + status.name() + "'";
  }
}
