package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.search.testing.Products;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductDocumentTest {
  private static final UUID ID = UUID.fromString("0b6f3c1e-7d2a-4c55-9f00-1234567890ab");
  private final Product product = Products.product(ID, 3, "Desk lamp", "19.9", 4);
  private final EventEnvelope event = Products.event(product);

  @Test
  void validEventBecomesTheIndexedDocument() {
    ProductDocument doc = ProductDocument.fromJson(Json.write(event));

    assertThat(doc.id()).isEqualTo(ID);
    assertThat(doc.eventId()).isEqualTo(event.eventId());
    assertThat(doc.version()).isEqualTo(3);
    assertThat(doc.deleted()).isFalse();
    ObjectNode source = doc.toSource(Instant.parse("2026-01-10T12:00:50Z"));
    assertThat(Json.write(source))
        .isEqualTo(
            "{\"id\":\"0b6f3c1e-7d2a-4c55-9f00-1234567890ab\",\"seller_id\":\"00000000-0000-4000-8000-000000000001\",\"title\":\"Desk"
                + " lamp\","
                + "\"price\":19.9,\"price_exact\":\"19.90\",\"currency\":\"USD\",\"stock\":4,\"in_stock\":true,"
                + "\"version\":3,\"created_at\":\"2026-01-10T12:00:45.123Z\",\"updated_at\":\"2026-01-10T12:00:48.123Z\","
                + "\"deleted\":false,\"event_id\":\""
                + event.eventId()
                + "\",\"indexed_at\":\"2026-01-10T12:00:50.000Z\"}");
  }

  @Test
  void boundEnvelopeAndRawJsonGiveTheSameDocument() {
    assertThat(ProductDocument.fromEnvelope(event))
        .isEqualTo(ProductDocument.fromJson(Json.write(event)));
  }

  @Test
  void deletedEventIsADeletedDocumentNotADelete() {
    Product gone = Products.deleted(product);
    ProductDocument doc = ProductDocument.fromJson(Json.write(Products.event(gone)));

    assertThat(doc.deleted()).isTrue();
    assertThat(doc.version()).isEqualTo(4);
    assertThat(doc.toSource(Instant.EPOCH).get("deleted").booleanValue()).isTrue();
  }

  @Test
  void outOfStockIsIndexedAsSuch() {
    ProductDocument doc =
        ProductDocument.fromEnvelope(Products.event(Products.product(ID, 1, "Lamp", "0", 0)));

    assertThat(doc.toSource(Instant.EPOCH).get("in_stock").booleanValue()).isFalse();
    assertThat(doc.price()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void fromProductNeedsNoEvent() {
    ProductDocument doc = ProductDocument.fromProduct(product);

    assertThat(doc.eventId()).isNull();
    assertThat(doc.toSource(Instant.EPOCH).has("event_id")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "{\"schema_version\":1", "null"})
  void nonJsonOrNonObjectIsMalformed(String value) {
    assertThatThrownBy(() -> ProductDocument.fromJson(value))
        .isInstanceOf(MalformedEventException.class);
  }

  @Test
  void nullValueIsMalformed() {
    assertThatThrownBy(() -> ProductDocument.fromJson((byte[]) null))
        .isInstanceOf(MalformedEventException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "event_id",
        "event_type",
        "schema_version",
        "aggregate_type",
        "aggregate_id",
        "aggregate_version",
        "occurred_at",
        "correlation_id",
        "payload"
      })
  void missingEnvelopeFieldIsMalformedAndNamed(String field) {
    assertMalformed(e -> e.remove(field), field);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "id",
        "seller_id",
        "title",
        "price",
        "currency",
        "stock",
        "version",
        "created_at",
        "updated_at",
        "deleted"
      })
  void missingPayloadFieldIsMalformedAndNamed(String field) {
    assertMalformed(e -> ((ObjectNode) e.get("payload")).remove(field), "payload." + field);
  }

  @Test
  void wrongTypesAreMalformed() {
    assertMalformed(e -> e.put("schema_version", "1"), "schema_version");
    assertMalformed(e -> e.put("aggregate_version", "3"), "aggregate_version");
    assertMalformed(e -> e.put("aggregate_version", 0), "aggregate_version");
    assertMalformed(e -> e.put("event_id", "not-a-uuid"), "event_id");
    assertMalformed(e -> e.put("occurred_at", "yesterday"), "occurred_at");
    assertMalformed(e -> e.put("event_type", "product.renamed"), "event_type");
    assertMalformed(e -> e.put("aggregate_type", "order"), "aggregate_type");
    assertMalformed(e -> e.put("payload", "{}"), "payload");
    assertMalformed(e -> payload(e).put("price", "19.90"), "payload.price");
    assertMalformed(e -> payload(e).put("price", new BigDecimal("-1")), "payload.price");
    assertMalformed(e -> payload(e).put("price", new BigDecimal("1.001")), "payload.price");
    assertMalformed(e -> payload(e).put("stock", 1.5), "payload.stock");
    assertMalformed(e -> payload(e).put("stock", -1), "payload.stock");
    assertMalformed(e -> payload(e).put("deleted", "false"), "payload.deleted");
    assertMalformed(e -> payload(e).put("currency", "usd"), "payload.currency");
    assertMalformed(e -> payload(e).put("title", " "), "payload.title");
    assertMalformed(e -> payload(e).put("title", "x".repeat(201)), "payload.title");
    assertMalformed(e -> payload(e).put("created_at", "2026-01-10"), "payload.created_at");
  }

  @Test
  void contradictionsBetweenEnvelopeAndPayloadAreMalformed() {
    assertMalformed(e -> payload(e).put("id", UUID.randomUUID().toString()), "payload.id");
    assertMalformed(e -> payload(e).put("version", 7), "payload.version");
    assertMalformed(e -> e.put("event_type", "product.deleted"), "payload.deleted");
  }

  @Test
  void unknownPayloadFieldsAreIgnored() {
    ObjectNode json = tree();
    payload(json).put("colour", "red");

    assertThat(ProductDocument.fromJson(Json.write(json)).title()).isEqualTo("Desk lamp");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 99})
  void otherSchemaVersionsAreUnsupportedNotMalformed(int version) {
    ObjectNode json = tree();
    json.put("schema_version", version);
    json.remove("payload");

    assertThatThrownBy(() -> ProductDocument.fromJson(Json.write(json)))
        .isInstanceOf(UnsupportedSchemaException.class)
        .satisfies(e -> assertThat(((InvalidEventException) e).retriable()).isFalse())
        .hasMessageContaining("schema_version " + version);
  }

  @Test
  void boundEnvelopeWithAnotherSchemaIsUnsupported() {
    EventEnvelope v2 =
        new EventEnvelope(
            event.eventId(),
            event.eventType(),
            2,
            event.aggregateType(),
            event.aggregateId(),
            event.aggregateVersion(),
            event.occurredAt(),
            event.correlationId(),
            null,
            event.payload());

    assertThatThrownBy(() -> ProductDocument.fromEnvelope(v2))
        .isInstanceOf(UnsupportedSchemaException.class);
  }

  /** A fresh, independent copy each call: the envelope's payload node must never be shared. */
  private ObjectNode tree() {
    try {
      return (ObjectNode) Json.mapper().readTree(Json.write(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aTitleTheApiStoresIsOneTheProjectionTakes() {
    for (String title : new String[] {"\u3000", "\u2000Lamp\u00a0", "x".repeat(200)}) {
      ObjectNode json = tree();
      payload(json).put("title", title);
      assertThat(ProductDocument.fromJson(Json.write(json)).title()).isEqualTo(title);
    }
    assertMalformed(e -> payload(e).put("title", " Lamp"), "payload.title");
  }

  private static ObjectNode payload(ObjectNode envelope) {
    return (ObjectNode) envelope.get("payload");
  }

  private void assertMalformed(Consumer<ObjectNode> change, String field) {
    ObjectNode json = tree();
    change.accept(json);
    assertThatThrownBy(() -> ProductDocument.fromJson(Json.write(json)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(field + ":");
  }
}
