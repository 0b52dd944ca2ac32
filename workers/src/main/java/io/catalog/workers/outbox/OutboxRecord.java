package io.catalog.workers.outbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import io.catalog.domain.outbox.ClaimedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The Kafka record an outbox row is sent as; a row that cannot be one is refused. */
final class OutboxRecord {
  private OutboxRecord() {}

  /** Key = aggregate_id, value = the stored payload text, headers from the row. */
  static ProducerRecord<String, String> of(ClaimedEvent row) {
    Map<String, String> stored = storedHeaders(row.headers());
    String schemaVersion = stored.get(EventEnvelope.HEADER_SCHEMA_VERSION);
    if (schemaVersion == null || schemaVersion.isEmpty()) {
      throw new MalformedOutboxRowException(
          "header " + EventEnvelope.HEADER_SCHEMA_VERSION + " is missing");
    }
    RecordHeaders headers = new RecordHeaders();
    stored.forEach(
        (name, value) -> {
          if (!name.equals(EventEnvelope.HEADER_EVENT_ID)
              && !name.equals(EventEnvelope.HEADER_EVENT_TYPE)) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
          }
        });
    // The row's own columns are authoritative for the two headers consumers dedupe and route on.
    headers.add(
        EventEnvelope.HEADER_EVENT_ID, row.eventId().toString().getBytes(StandardCharsets.UTF_8));
    headers.add(EventEnvelope.HEADER_EVENT_TYPE, row.eventType().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        row.topic(), null, row.aggregateId().toString(), row.payload(), headers);
  }

  /**
   * The stored JSON object of headers, read as a token stream: a tree per row cost the relay a
   * tenth of its CPU in a backlog's drain (docs/benchmarks.md, issue #15). Each value is taken as
   * text as a tree's {@code asText()} would (a number's digits, {@code "null"}, an object or array
   * as {@code ""}); a name given twice keeps its first place and its last value.
   */
  static Map<String, String> storedHeaders(String json) {
    if (json == null) {
      throw new MalformedOutboxRowException("headers are not a JSON object");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedOutboxRowException("headers are not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart()) {
          p.skipChildren();
          headers.put(name, "");
        } else {
          headers.put(name, value == JsonToken.VALUE_NULL ? "null" : p.getText());
        }
      }
    } catch (IOException e) {
      throw new MalformedOutboxRowException("headers are not JSON: " + e.getMessage());
    }
    return headers;
  }
}
