package io.catalog.domain.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of {@code outbox_events}; {@code payload} is the complete envelope as JSON text. */
public record OutboxEvent(
    long id,
    UUID eventId,
    String aggregateType,
    UUID aggregateId,
    long aggregateVersion,
    String eventType,
    String topic,
    String payload,
    String headers,
    int shardKey,
    OutboxStatus status,
    int attempts,
    String lastError,
    OffsetDateTime createdAt,
    OffsetDateTime publishedAt) {

  /** Number of virtual buckets; a shard owns the buckets with {@code bucket % shards == shard}. */
  public static final int BUCKETS = 1024;

  public static int shardKey(UUID aggregateId) {
    return Math.floorMod(aggregateId.hashCode(), BUCKETS);
  }
}
