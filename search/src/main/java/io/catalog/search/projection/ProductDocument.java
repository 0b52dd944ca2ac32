package io.catalog.search.projection;

import static io.catalog.search.projection.PayloadRules.payloadInstant;
import static io.catalog.search.projection.PayloadRules.payloadLong;
import static io.catalog.search.projection.PayloadRules.payloadUuid;
import static io.catalog.search.projection.PayloadRules.rename;
import static io.catalog.search.projection.PayloadRules.require;
import static io.catalog.search.projection.PayloadRules.requireStoredText;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductRequestParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/**
 * One product as the search index stores it, built from the full state an event carries
 * (docs/architecture.md, "Event envelope"). Deleted products stay as {@code deleted: true}
 * documents so that an older event, replayed or reordered, loses the external-version race instead
 * of bringing the product back.
 *
 * @param eventId the event applied last; null when built straight from the database
 * @param version the aggregate version: the document's external version
 * @param price the exact decimal, scale at least 2 (as {@code numeric(12,2)} stores it)
 * @param category null when the product has none
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
    boolean deleted,
    String category) {

  /**
   * Reads and validates a raw event value, e.g. a Kafka record's.
   *
   * @throws MalformedEventException not JSON, a field missing, of the wrong type or inconsistent
   * @throws UnsupportedSchemaException a {@code schema_version} this release cannot upcast
   */
  public static ProductDocument fromJson(byte[] json) {
    return fromEnvelope(EnvelopeReader.read(json));
  }

  public static ProductDocument fromJson(String json) {
    return fromEnvelope(EnvelopeReader.read(json));
  }

  /**
   * Validates an envelope that is already bound (its payload is still raw JSON, of the envelope's
   * version): the payload is upcast to {@link ProductEventUpcaster#CURRENT} first, so only the
   * current shape is validated and parsed.
   */
  public static ProductDocument fromEnvelope(EventEnvelope e) {
    return fromEnvelope(e, ProductEventUpcaster.CURRENT);
  }

  /**
   * As {@link #fromEnvelope(EventEnvelope)} for a reader that knows versions up to {@code
   * newestKnown} only (the previous release's reader, in a test).
   */
  public static ProductDocument fromEnvelope(EventEnvelope e, int newestKnown) {
    EnvelopeReader.checkNewestKnown(newestKnown);
    if (e == null) {
      throw new MalformedEventException("event is null");
    }
    if (e.schemaVersion() < 1) {
      throw new MalformedEventException("schema_version: must be an integer of at least 1");
    }
    if (e.schemaVersion() > newestKnown) {
      throw new UnsupportedSchemaException(e.schemaVersion(), newestKnown);
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

    JsonNode payload = ProductEventUpcaster.toCurrent(e.schemaVersion(), e.payload());
    ProductDocument doc = fromPayload(e.eventId(), payload);
    require(doc.id().equals(e.aggregateId()), "payload.id: differs from aggregate_id");
    require(
        doc.version() == e.aggregateVersion(), "payload.version: differs from aggregate_version");
    require(
        type != EventType.DELETED || doc.deleted(),
        "payload.deleted: must be true in a product.deleted event");
    return doc;
  }

  /**
   * The current row of the system of record, for a rebuild from the database: the document an event
   * of this row makes ({@code ProductDocumentTest} holds the two to each other), built from the
   * row's fields under the same rules instead of through the payload's JSON, which was a seventh of
   * a rebuild's load (docs/benchmarks.md, W4).
   */
  public static ProductDocument fromProduct(Product p) {
    require(p.id() != null, "payload.id: must be a UUID");
    require(p.sellerId() != null, "payload.seller_id: must be a UUID");
    require(p.version() >= 1, "payload.version: must be an integer of at least 1");
    require(p.title() != null, "payload.title: must be a string");
    requireStoredText(p.title(), ProductRequestParser.MAX_TITLE, "payload.title: must be 1 to ");
    require(p.price() != null, "payload.price.amount: must be a decimal string such as \"19.90\"");
    require(
        p.createdAt() != null && p.updatedAt() != null,
        "payload.created_at, updated_at: must be ISO-8601 date-times with offset");
    return new ProductDocument(
        null,
        p.id(),
        p.version(),
        p.sellerId(),
        p.title(),
        PayloadRules.price(p.price()),
        PayloadRules.currency(p.currency()),
        PayloadRules.stock(p.stock()),
        // The payload's timestamps have milliseconds (ProductEvents.TIMESTAMP), so the document
        // too.
        p.createdAt().toInstant().truncatedTo(ChronoUnit.MILLIS),
        p.updatedAt().toInstant().truncatedTo(ChronoUnit.MILLIS),
        p.deleted(),
        PayloadRules.category(p.category()));
  }

  /** Parses a payload of version {@link ProductEventUpcaster#CURRENT}. */
  private static ProductDocument fromPayload(UUID eventId, JsonNode p) {
    String title = rename(() -> EnvelopeReader.text(p, "title"));
    requireStoredText(title, ProductRequestParser.MAX_TITLE, "payload.title: must be 1 to ");
    JsonNode price = p.get("price");
    require(
        price != null && price.isObject(),
        "payload.price: must be an object with amount and currency");
    return new ProductDocument(
        eventId,
        payloadUuid(p, "id"),
        payloadLong(p, "version"),
        payloadUuid(p, "seller_id"),
        title,
        PayloadRules.amount(price.get("amount")),
        PayloadRules.currency(price.get("currency")),
        PayloadRules.stock(p.get("stock")),
        payloadInstant(p, "created_at"),
        payloadInstant(p, "updated_at"),
        PayloadRules.deleted(p.get("deleted")),
        PayloadRules.category(p.get("category")));
  }

  /** The Elasticsearch {@code _id}. */
  public String documentId() {
    return id.toString();
  }

  /**
   * The {@code _source}, for mapping 1 and 2 alike: {@code category} (mapping 2's only addition) is
   * written only when there is one, so a document without it fits a mapping 1 index unchanged.
   */
  public ObjectNode toSource(Instant indexedAt) {
    // Through the bytes a bulk body carries, so the tree is exactly what Elasticsearch is sent.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator json = Json.mapper().getFactory().createGenerator(bytes)) {
      writeSource(json, indexedAt);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return (ObjectNode) Json.mapper().readTree(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the {@link #toSource} object straight to {@code json}: what a bulk body does, with no
   * tree in between.
   */
  public void writeSource(JsonGenerator json, Instant indexedAt) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", id.toString());
    json.writeStringField("seller_id", sellerId.toString());
    json.writeStringField("title", title);
    json.writeNumberField("price", price.doubleValue());
    json.writeStringField("price_exact", price.toPlainString());
    json.writeStringField("currency", currency);
    if (category != null) {
      json.writeStringField("category", category);
    }
    json.writeNumberField("stock", stock);
    json.writeBooleanField("in_stock", stock > 0);
    json.writeNumberField("version", version);
    json.writeStringField("created_at", ProductEvents.timestamp(createdAt));
    json.writeStringField("updated_at", ProductEvents.timestamp(updatedAt));
    json.writeBooleanField("deleted", deleted);
    if (eventId != null) {
      json.writeStringField("event_id", eventId.toString());
    }
    json.writeStringField("indexed_at", ProductEvents.timestamp(indexedAt));
    json.writeEndObject();
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
