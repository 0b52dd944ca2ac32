package io.catalog.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A record of product.events as a test checks it: key, headers and the envelope fields. */
public record PublishedEvent(
    int partition,
    long offset,
    String key,
    String headerEventId,
    String headerEventType,
    String headerSchemaVersion,
    UUID eventId,
    String eventType,
    UUID aggregateId,
    long aggregateVersion) {

  public static PublishedEvent of(ConsumerRecord<String, String> r) {
    try {
      JsonNode value = Json.mapper().readTree(r.value());
      return new PublishedEvent(
          r.partition(),
          r.offset(),
          r.key(),
          header(r, "event_id"),
          header(r, "event_type"),
          header(r, "schema_version"),
          UUID.fromString(value.get("event_id").asText()),
          value.get("event_type").asText(),
          UUID.fromString(value.get("aggregate_id").asText()),
          value.get("aggregate_version").asLong());
    } catch (Exception e) {
      throw new IllegalStateException("not an event envelope: " + r, e);
    }
  }

  public static List<PublishedEvent> all(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(PublishedEvent::of).toList();
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
