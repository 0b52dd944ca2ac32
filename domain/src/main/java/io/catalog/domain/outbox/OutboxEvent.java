package io.catalog.domain.outbox;

import java.util.UUID;

/**
 * A new row of {@code outbox_events}, as the domain service writes it ({@link OutboxDao#insert});
 * {@code payload} is the complete envelope as JSON text, {@code headers} the JSON object of Kafka
 * headers. The table fills in the rest (id, status PENDING, attempts, times).
 */
public record OutboxEvent(
    UUID eventId,
    String aggregateType,
    UUID aggregateId,
    long aggregateVersion,
    String eventType,
    String topic,
    String payload,
    String headers) {

  /** Number of virtual buckets; a shard owns the buckets with {@code bucket % shards == shard}. */
  public static final int BUCKETS = 1024;

  public static int shardKey(UUID aggregateId) {
    return Math.floorMod(aggregateId.hashCode(), BUCKETS);
  }

  /** The bucket of this event's product: every event of one product goes to one shard. */
  public int shardKey() {
    return shardKey(aggregateId);
  }
}
