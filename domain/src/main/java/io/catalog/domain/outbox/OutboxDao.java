package io.catalog.domain.outbox;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The domain service's write to {@code outbox_events}: one row per change, in the caller's
 * transaction. A plain statement rather than a SqlObject for the reason given on {@link
 * io.catalog.domain.product.db.ProductDao}. The publisher's side of the table is {@link
 * OutboxPublishDao}.
 */
public final class OutboxDao {
  /** The row's insert; {@link #bind} fills its parameters (a product create embeds it in a CTE). */
  public static final String INSERT =
      "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, aggregate_version,"
          + " event_type, topic, payload, headers, shard_key)"
          + " VALUES (:eventId, :aggregateType, :aggregateId, :aggregateVersion, :eventType, :topic,"
          + " CAST(:payload AS jsonb), CAST(:headers AS jsonb), :shardKey)";

  private final Handle h;

  private OutboxDao(Handle h) {
    this.h = h;
  }

  public static OutboxDao on(Handle h) {
    return new OutboxDao(h);
  }

  public void insert(OutboxEvent event) {
    bind(h.createUpdate(INSERT), event).execute();
  }

  /** Binds {@code event} to the named parameters of {@link #INSERT} on {@code statement}. */
  public static <S extends SqlStatement<S>> S bind(S statement, OutboxEvent event) {
    return statement
        .bind("eventId", event.eventId())
        .bind("aggregateType", event.aggregateType())
        .bind("aggregateId", event.aggregateId())
        .bind("aggregateVersion", event.aggregateVersion())
        .bind("eventType", event.eventType())
        .bind("topic", event.topic())
        .bind("payload", event.payload())
        .bind("headers", event.headers())
        .bind("shardKey", event.shardKey());
  }
}
