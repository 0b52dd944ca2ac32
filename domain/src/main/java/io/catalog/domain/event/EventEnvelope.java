package io.catalog.domain.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The event envelope (docs/architecture.md, "Event envelope"). The Kafka key is {@link
 * #aggregateId()}; headers mirror {@code event_id}, {@code event_type} and {@code schema_version}.
 */
public record EventEnvelope(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("aggregate_type") String aggregateType,
    @JsonProperty("aggregate_id") UUID aggregateId,
    @JsonProperty("aggregate_version") long aggregateVersion,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("correlation_id") UUID correlationId,
    @JsonProperty("causation_id") UUID causationId,
    @JsonProperty("payload") JsonNode payload) {

  /** The version this release writes; its home is {@link ProductEventUpcaster#CURRENT}. */
  public static final int SCHEMA_VERSION = ProductEventUpcaster.CURRENT;

  public static final String AGGREGATE_TYPE = "product";
  public static final String HEADER_EVENT_ID = "event_id";
  public static final String HEADER_EVENT_TYPE = "event_type";
  public static final String HEADER_SCHEMA_VERSION = "schema_version";
}
