package io.catalog.outbox;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code outbox_events} table (writes from the domain service; reads for ops and tests). */
@RegisterConstructorMapper(OutboxEvent.class)
public interface OutboxDao {

  @SqlUpdate(
      "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, aggregate_version,"
          + " event_type, topic, payload, headers, shard_key)"
          + " VALUES (:eventId, :aggregateType, :aggregateId, :aggregateVersion, :eventType, :topic,"
          + " CAST(:payload AS jsonb), CAST(:headers AS jsonb), :shardKey)")
  void insert(
      @Bind("eventId") UUID eventId,
      @Bind("aggregateType") String aggregateType,
      @Bind("aggregateId") UUID aggregateId,
      @Bind("aggregateVersion") long aggregateVersion,
      @Bind("eventType") String eventType,
      @Bind("topic") String topic,
      @Bind("payload") String payload,
      @Bind("headers") String headers,
      @Bind("shardKey") int shardKey);

  @SqlQuery(
      "SELECT id, event_id, aggregate_type, aggregate_id, aggregate_version, event_type, topic,"
          + " payload::text AS payload, headers::text AS headers, shard_key, status, attempts,"
          + " last_error, created_at, published_at FROM outbox_events WHERE aggregate_id = :id ORDER BY id")
  List<OutboxEvent> forAggregate(@Bind("id") UUID aggregateId);

  @SqlQuery("SELECT count(*) FROM outbox_events WHERE status = :status")
  long countByStatus(@Bind("status") OutboxStatus status);
}
