package io.catalog.operations.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sorts a dead letter into the class an operator acts on, from its {@code dlq.*} headers and, where
 * the exception alone does not tell, from the value itself:
 *
 * <ul>
 *   <li>{@code schema_mismatch}: {@code UnsupportedSchemaException}; replay once a release reads
 *       that schema, or to a topic a newer consumer reads ({@code --target});
 *   <li>{@code missing_field}: the event is JSON but lacks a field the envelope or the product
 *       payload must have; the producer is at fault;
 *   <li>{@code validation}: Elasticsearch refused the document ({@code elasticsearch.*}: mapping
 *       rejected it, the index was read-only, a value out of the product's range); replay once the
 *       index or mapping is fixed;
 *   <li>{@code malformed}: not JSON, not an object, a tombstone, or a header missing (the event's
 *       own {@code event_id}/{@code event_type} or the DLQ's own); usually discarded;
 *   <li>{@code unknown}: anything else.
 * </ul>
 */
public final class DlqClassifier {
  public static final String SCHEMA_MISMATCH = "schema_mismatch";
  public static final String MISSING_FIELD = "missing_field";
  public static final String VALIDATION = "validation";
  public static final String MALFORMED = "malformed";
  public static final String UNKNOWN = "unknown";
  public static final List<String> CLASSES =
      List.of(SCHEMA_MISMATCH, MISSING_FIELD, VALIDATION, MALFORMED, UNKNOWN);

  private static final List<String> ENVELOPE_FIELDS =
      List.of(
          "event_id",
          "event_type",
          "schema_version",
          "aggregate_type",
          "aggregate_id",
          "aggregate_version",
          "occurred_at",
          "correlation_id",
          "payload");

  /** The payload fields every schema version requires. */
  private static final List<String> PAYLOAD_FIELDS =
      List.of(
          "id",
          "seller_id",
          "title",
          "price",
          "stock",
          "version",
          "created_at",
          "updated_at",
          "deleted");

  /**
   * Where each schema version keeps the currency and the amount (JSON pointers below the payload,
   * without the leading "/"): v2 moved both into the price object.
   */
  static final Map<Integer, List<String>> PRICE_FIELDS =
      Map.of(1, List.of("currency"), 2, List.of("price/amount", "price/currency"));

  private DlqClassifier() {}

  /**
   * @param headers the record's headers, the last value of each name
   * @param value the record's value, null for a tombstone
   */
  public static String classify(Map<String, String> headers, byte[] value) {
    String exception = headers.get(DeadLetterHeaders.EXCEPTION_CLASS);
    if (exception == null || headers.get(DeadLetterHeaders.ORIGINAL_TOPIC) == null) {
      return MALFORMED;
    }
    if (exception.endsWith("UnsupportedSchemaException")) {
      return SCHEMA_MISMATCH;
    }
    boolean elasticsearch = exception.startsWith("elasticsearch.");
    if (exception.endsWith("MalformedEventException")) {
      JsonNode root = parse(value);
      if (root == null
          || headers.get(EventEnvelope.HEADER_EVENT_ID) == null
          || headers.get(EventEnvelope.HEADER_EVENT_TYPE) == null) {
        return MALFORMED;
      }
      if (lacksAField(root)) {
        return MISSING_FIELD;
      }
      // Every field is there, so a value was refused: by the document rules or the envelope's.
      return elasticsearch ? VALIDATION : MALFORMED;
    }
    return elasticsearch ? VALIDATION : UNKNOWN;
  }

  /**
   * True when the envelope, or its payload object, lacks a required field (or holds null): the
   * payload's fields are those of its own schema version (the current one's when the version is not
   * one this release knows).
   */
  static boolean lacksAField(JsonNode root) {
    for (String field : ENVELOPE_FIELDS) {
      if (!present(root, field)) {
        return true;
      }
    }
    JsonNode payload = root.get("payload");
    if (!payload.isObject()) {
      return false;
    }
    int version = root.get("schema_version").asInt();
    List<String> price =
        PRICE_FIELDS.getOrDefault(version, PRICE_FIELDS.get(ProductEventUpcaster.CURRENT));
    return Stream.concat(PAYLOAD_FIELDS.stream(), price.stream())
        .anyMatch(field -> !present(payload, field));
  }

  /** {@code path} is a field name or a JSON pointer below {@code node} without its leading "/". */
  private static boolean present(JsonNode node, String path) {
    JsonNode value = node.at("/" + path);
    return !value.isMissingNode() && !value.isNull();
  }

  private static JsonNode parse(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode root = Json.mapper().readTree(value);
      return root != null && root.isObject() ? root : null;
    } catch (IOException e) {
      return null;
    }
  }
}
