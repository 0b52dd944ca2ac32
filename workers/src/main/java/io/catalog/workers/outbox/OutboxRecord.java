package io.catalog.workers.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import io.catalog.domain.outbox.ClaimedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The Kafka record an outbox row is sent as; a row that cannot be one is refused. */
final class OutboxRecord {
  private OutboxRecord() {}

  /** Key = aggregate_id, value = the stored payload text, headers from the row. */
  static ProducerRecord<String, String> of(ClaimedEvent row) {
    RecordHeaders headers = new RecordHeaders();
    JsonNode stored;
    try {
      stored = Json.mapper().readTree(row.headers());
    } catch (Exception e) {
      throw new MalformedOutboxRowException("headers are not JSON: " + e.getMessage());
    }
    if (stored == null || !stored.isObject()) {
      throw new MalformedOutboxRowException("headers are not a JSON object");
    }
    JsonNode schemaVersion = stored.get(EventEnvelope.HEADER_SCHEMA_VERSION);
    if (schemaVersion == null || schemaVersion.asText().isEmpty()) {
      throw new MalformedOutboxRowException(
          "header " + EventEnvelope.HEADER_SCHEMA_VERSION + " is missing");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals(EventEnvelope.HEADER_EVENT_ID)
          && !field.getKey().equals(EventEnvelope.HEADER_EVENT_TYPE)) {
        headers.add(field.getKey(), field.getValue().asText().getBytes(StandardCharsets.UTF_8));
      }
    }
    // The row's own columns are authoritative for the two headers consumers dedupe and route on.
    headers.add(
        EventEnvelope.HEADER_EVENT_ID, row.eventId().toString().getBytes(StandardCharsets.UTF_8));
    headers.add(EventEnvelope.HEADER_EVENT_TYPE, row.eventType().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        row.topic(), null, row.aggregateId().toString(), row.payload(), headers);
  }
}
