package io.catalog.domain.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * An outbox row claimed for publishing. {@code payload} is the stored envelope text, sent as the
 * Kafka value unchanged; {@code headers} is the stored JSON object of Kafka headers.
 */
public record ClaimedEvent(
    long id,
    UUID eventId,
    UUID aggregateId,
    long aggregateVersion,
    String eventType,
    String topic,
    String payload,
    String headers,
    int attempts) {

  /**
   * The claim's rows ({@code claim.sql}'s columns), read column by column: Jdbi's constructor
   * mapper, resolved again for each claim, was a fifth of the claim's CPU in the relay
   * (docs/benchmarks.md, issue #15).
   */
  public static final class Rows implements RowMapper<ClaimedEvent> {
    @Override
    public ClaimedEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ClaimedEvent(
          rs.getLong("id"),
          rs.getObject("event_id", UUID.class),
          rs.getObject("aggregate_id", UUID.class),
          rs.getLong("aggregate_version"),
          rs.getString("event_type"),
          rs.getString("topic"),
          rs.getString("payload"),
          rs.getString("headers"),
          rs.getInt("attempts"));
    }
  }
}
