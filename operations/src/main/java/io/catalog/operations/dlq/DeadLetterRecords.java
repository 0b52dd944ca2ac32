package io.catalog.operations.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.dlq.DeadLetter;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads a record of the dead-letter topic into the {@link DeadLetter} that {@code dlq_entries}
 * stores, and turns its stored headers back into Kafka headers for a replay.
 */
final class DeadLetterRecords {
  private DeadLetterRecords() {}

  static DeadLetter of(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> last = new HashMap<>();
    for (Header h : r.headers()) {
      last.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    return new DeadLetter(
        eventId(last.get(EventEnvelope.HEADER_EVENT_ID), r.value()),
        r.topic(),
        r.partition(),
        r.offset(),
        last.get(DeadLetterHeaders.ORIGINAL_TOPIC),
        integer(last.get(DeadLetterHeaders.ORIGINAL_PARTITION)),
        longValue(last.get(DeadLetterHeaders.ORIGINAL_OFFSET)),
        r.key() == null ? null : text(r.key()),
        r.key(),
        r.value(),
        headersJson(r.headers()),
        DlqClassifier.classify(last, r.value()),
        last.get(DeadLetterHeaders.EXCEPTION_CLASS),
        last.get(DeadLetterHeaders.EXCEPTION_MESSAGE),
        attempts(last.get(DeadLetterHeaders.ATTEMPTS)),
        failedAt(last.get(DeadLetterHeaders.FAILED_AT), r.timestamp()));
  }

  /** The headers stored by {@link #headersJson(Headers)}, back as Kafka headers in their order. */
  static Headers headers(String json) {
    RecordHeaders headers = new RecordHeaders();
    try {
      for (JsonNode h : Json.mapper().readTree(json)) {
        String key = h.path("key").asText();
        if (h.has("base64")) {
          headers.add(key, Base64.getDecoder().decode(h.get("base64").asText()));
        } else {
          JsonNode value = h.get("value");
          headers.add(
              key,
              value == null || value.isNull()
                  ? null
                  : value.asText().getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored headers are not JSON: " + json, e);
    }
    return headers;
  }

  static String headersJson(Headers headers) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (Header h : headers) {
      ObjectNode node = array.addObject().put("key", h.key());
      String text = h.value() == null ? null : strictText(h.value());
      if (h.value() == null) {
        node.putNull("value");
      } else if (text != null) {
        node.put("value", text);
      } else {
        node.put("base64", Base64.getEncoder().encodeToString(h.value()));
      }
    }
    return Json.write(array);
  }

  /** UTF-8 text without NUL (jsonb cannot hold it), or null when the bytes are not that. */
  private static String strictText(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.indexOf('\0') >= 0 ? null : text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String text(byte[] bytes) {
    String strict = strictText(bytes);
    return strict != null ? strict : "base64:" + Base64.getEncoder().encodeToString(bytes);
  }

  /** The event_id header, else the envelope's, else null (a malformed letter may have neither). */
  private static UUID eventId(String header, byte[] value) {
    UUID fromHeader = uuid(header);
    if (fromHeader != null || value == null) {
      return fromHeader;
    }
    try {
      JsonNode root = Json.mapper().readTree(value);
      return root != null && root.isObject() ? uuid(root.path("event_id").asText(null)) : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static UUID uuid(String text) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Integer integer(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long longValue(String text) {
    try {
      return text == null ? null : Long.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int attempts(String text) {
    Integer value = integer(text);
    return value == null ? 0 : value;
  }

  private static Instant failedAt(String text, long recordTimestamp) {
    if (text != null) {
      try {
        return Instant.parse(text.strip());
      } catch (DateTimeParseException e) {
        // Fall back to the record's own time.
      }
    }
    return recordTimestamp > 0 ? Instant.ofEpochMilli(recordTimestamp) : null;
  }
}
