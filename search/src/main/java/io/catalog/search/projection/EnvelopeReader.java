package io.catalog.search.projection;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.ids.Uuids;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Reads a Kafka record value into an {@link EventEnvelope}, checking every field's presence and
 * JSON type itself rather than trusting data binding (which would turn a missing number into 0 and
 * a string into a number).
 */
public final class EnvelopeReader {
  private EnvelopeReader() {}

  public static EventEnvelope read(String json) {
    if (json == null) {
      throw new MalformedEventException("event value is null (a tombstone?)");
    }
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws MalformedEventException not JSON, or a field missing or of the wrong type
   * @throws UnsupportedSchemaException a {@code schema_version} this release cannot upcast
   */
  public static EventEnvelope read(byte[] json) {
    return read(json, ProductEventUpcaster.CURRENT);
  }

  /**
   * As {@link #read(byte[])} for a reader that knows versions up to {@code newestKnown} only: a
   * test runs the previous release's reader with it. The payload is returned as it came, in its own
   * version ({@link ProductDocument#fromEnvelope} upcasts it).
   */
  public static EventEnvelope read(byte[] json, int newestKnown) {
    checkNewestKnown(newestKnown);
    if (json == null) {
      throw new MalformedEventException("event value is null (a tombstone?)");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new MalformedEventException("event value is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("event value is not readable: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEventException("event value is not a JSON object");
    }
    // Schema first: a future version may have moved every other field.
    JsonNode schema = root.get("schema_version");
    if (schema == null || !schema.isIntegralNumber() || !schema.canConvertToInt()) {
      throw new MalformedEventException("schema_version: must be an integer");
    }
    if (schema.intValue() < ProductEventUpcaster.OLDEST || schema.intValue() > newestKnown) {
      throw new UnsupportedSchemaException(schema.intValue(), newestKnown);
    }
    JsonNode payload = root.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new MalformedEventException("payload: must be an object");
    }
    JsonNode causation = root.get("causation_id");
    return new EventEnvelope(
        uuid(root, "event_id"),
        text(root, "event_type"),
        schema.intValue(),
        text(root, "aggregate_type"),
        uuid(root, "aggregate_id"),
        positiveLong(root, "aggregate_version"),
        instant(root, "occurred_at"),
        uuid(root, "correlation_id"),
        causation == null || causation.isNull() ? null : uuid(root, "causation_id"),
        payload);
  }

  /** A reader cannot know a version newer than this release's writers, nor none at all. */
  static void checkNewestKnown(int newestKnown) {
    if (newestKnown < ProductEventUpcaster.OLDEST || newestKnown > ProductEventUpcaster.CURRENT) {
      throw new IllegalArgumentException(
          "newestKnown must be from "
              + ProductEventUpcaster.OLDEST
              + " to "
              + ProductEventUpcaster.CURRENT
              + ": "
              + newestKnown);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedEventException(field + ": must be a string");
    }
    return value.textValue();
  }

  static UUID uuid(JsonNode node, String field) {
    String text = text(node, field);
    try {
      return Uuids.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(field + ": must be a UUID");
    }
  }

  static long positiveLong(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.longValue() < 1) {
      throw new MalformedEventException(field + ": must be an integer of at least 1");
    }
    return value.longValue();
  }

  static Instant instant(JsonNode node, String field) {
    String text = text(node, field);
    Instant written = ProductEvents.readTimestamp(text);
    if (written != null) {
      return written;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedEventException(field + ": must be an ISO-8601 date-time with offset");
    }
  }
}
