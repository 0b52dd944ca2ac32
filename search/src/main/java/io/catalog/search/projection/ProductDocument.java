package io.catalog.search.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductRequestParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One product as the search index stores it, built from the full state an event carries
 * (docs/architecture.md, "Event envelope"). Deleted products stay as {@code deleted: true}
 * documents so that an older event, replayed or reordered, loses the external-version race instead
 * of bringing the product back.
 *
 * @param eventId the event applied last; null when built straight from the database
 * @param version the aggregate version: the document's external version
 * @param price the exact decimal, scale at least 2 (as {@code numeric(12,2)} stores it)
 */
public record ProductDocument(
    UUID eventId,
    UUID id,
    long version,
    UUID sellerId,
    String title,
    BigDecimal price,
    String currency,
    int stock,
    Instant createdAt,
    Instant updatedAt,
    boolean deleted) {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");
  private static final int MAX_TITLE = 200;

  /**
   * Reads and validates a raw event value, e.g. a Kafka record's.
   *
   * @throws MalformedEventException not JSON, a field missing, of the wrong type or inconsistent
   * @throws UnsupportedSchemaException {@code schema_version} is not 1
   */
  public static ProductDocument fromJson(byte[] json) {
    return fromEnvelope(EnvelopeReader.read(json));
  }

  public static ProductDocument fromJson(String json) {
    return fromEnvelope(EnvelopeReader.read(json));
  }

  /** Validates an envelope that is already bound (its payload is still raw JSON). */
  public static ProductDocument fromEnvelope(EventEnvelope e) {
    if (e == null) {
      throw new MalformedEventException("event is null");
    }
    if (e.schemaVersion() < 1) {
      throw new MalformedEventException("schema_version: must be an integer of at least 1");
    }
    if (e.schemaVersion() != EventEnvelope.SCHEMA_VERSION) {
      throw new UnsupportedSchemaException(e.schemaVersion());
    }
    require(e.eventId() != null, "event_id: must be a UUID");
    require(e.aggregateId() != null, "aggregate_id: must be a UUID");
    require(e.occurredAt() != null, "occurred_at: must be an ISO-8601 date-time");
    require(e.aggregateVersion() >= 1, "aggregate_version: must be an integer of at least 1");
    require(
        EventEnvelope.AGGREGATE_TYPE.equals(e.aggregateType()),
        "aggregate_type: must be \"product\"");
    EventType type =
        Arrays.stream(EventType.values())
            .filter(t -> t.wireName().equals(e.eventType()))
            .findFirst()
            .orElseThrow(
                () -> new MalformedEventException("event_type: unknown " + quote(e.eventType())));
    require(e.payload() != null && e.payload().isObject(), "payload: must be an object");

    ProductDocument doc = fromPayload(e.eventId(), e.payload());
    require(doc.id().equals(e.aggregateId()), "payload.id: differs from aggregate_id");
    require(
        doc.version() == e.aggregateVersion(), "payload.version: differs from aggregate_version");
    require(
        type != EventType.DELETED || doc.deleted(),
        "payload.deleted: must be true in a product.deleted event");
    return doc;
  }

  /** The current row of the system of record, for a rebuild from the database. */
  public static ProductDocument fromProduct(Product product) {
    return fromPayload(null, ProductEvents.payload(product));
  }

  private static ProductDocument fromPayload(UUID eventId, JsonNode p) {
    String title = rename(() -> EnvelopeReader.text(p, "title"));
    require(
        !title.isEmpty()
            && title.equals(ProductRequestParser.trimJsonWhitespace(title))
            && title.codePointCount(0, title.length()) <= MAX_TITLE,
        "payload.title: must be 1 to "
            + MAX_TITLE
            + " characters, as the API stores them (trimmed)");
    // char(3) in Postgres: strip is a no-op for valid codes, kept for padded ones.
    String currency = rename(() -> EnvelopeReader.text(p, "currency")).strip();
    require(
        CURRENCY.matcher(currency).matches(), "payload.currency: must be three capital letters");
    return new ProductDocument(
        eventId,
        payloadUuid(p, "id"),
        payloadLong(p, "version"),
        payloadUuid(p, "seller_id"),
        title,
        price(p.get("price")),
        currency,
        stock(p.get("stock")),
        payloadInstant(p, "created_at"),
        payloadInstant(p, "updated_at"),
        deleted(p.get("deleted")));
  }

  /** The Elasticsearch {@code _id}. */
  public String documentId() {
    return id.toString();
  }

  /** The {@code _source} for mapping v1. */
  public ObjectNode toSource(Instant indexedAt) {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("id", id.toString());
    doc.put("seller_id", sellerId.toString());
    doc.put("title", title);
    doc.put("price", price.doubleValue());
    doc.put("price_exact", price.toPlainString());
    doc.put("currency", currency);
    doc.put("stock", stock);
    doc.put("in_stock", stock > 0);
    doc.put("version", version);
    doc.put("created_at", ProductEvents.TIMESTAMP.format(createdAt));
    doc.put("updated_at", ProductEvents.TIMESTAMP.format(updatedAt));
    doc.put("deleted", deleted);
    if (eventId != null) {
      doc.put("event_id", eventId.toString());
    }
    doc.put("indexed_at", ProductEvents.TIMESTAMP.format(indexedAt));
    return doc;
  }

  private static BigDecimal price(JsonNode node) {
    require(node != null && node.isNumber(), "payload.price: must be a number");
    BigDecimal price = node.decimalValue();
    require(
        price.signum() >= 0 && price.compareTo(MAX_PRICE) <= 0,
        "payload.price: must be from 0 to 9999999999.99");
    require(price.stripTrailingZeros().scale() <= 2, "payload.price: must have at most 2 decimals");
    return price.scale() < 2 ? price.setScale(2) : price.setScale(2, RoundingMode.UNNECESSARY);
  }

  private static int stock(JsonNode node) {
    require(
        node != null && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0,
        "payload.stock: must be an integer of at least 0");
    return node.intValue();
  }

  private static boolean deleted(JsonNode node) {
    require(node != null && node.isBoolean(), "payload.deleted: must be a boolean");
    return node.booleanValue();
  }

  private static UUID payloadUuid(JsonNode p, String field) {
    return rename(() -> EnvelopeReader.uuid(p, field));
  }

  private static long payloadLong(JsonNode p, String field) {
    return rename(() -> EnvelopeReader.positiveLong(p, field));
  }

  private static Instant payloadInstant(JsonNode p, String field) {
    return rename(() -> EnvelopeReader.instant(p, field));
  }

  /** Field errors inside the payload name their path, so a DLQ reason says where to look. */
  private static <T> T rename(Supplier<T> read) {
    try {
      return read.get();
    } catch (MalformedEventException e) {
      throw new MalformedEventException("payload." + e.getMessage());
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new MalformedEventException(message);
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
