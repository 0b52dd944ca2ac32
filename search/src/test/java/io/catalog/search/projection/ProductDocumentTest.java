package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.search.testing.Products;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  /** Rows as the database gives them: microsecond timestamps, prices of any scale up to 2. */
  private static Product row(
      String title, String price, String currency, int stock, String category) {
    OffsetDateTime micros = OffsetDateTime.parse("2026-01-10T12:00:45.123456Z");
    return new Product(
        ID,
        Products.product(ID, 1, "x", "1", 1).sellerId(),
        title,
        new BigDecimal(price),
        currency,
        stock,
        7,
        micros,
        micros.plusNanos(999_999_000),
        null,
        category);
  }

  @ParameterizedTest
  @CsvSource({
    "Desk lamp, 19.9, USD, 4, ",
    "Lamp, 0, EUR, 0, lighting",
    "Über-Lampe ✓, 9999999999.99, USD, 2147483647, ",
    "Chair, 1E+3, GBP, 1, chairs",
    "Chair, 12.500, USD, 1, ",
  })
  void aRowMakesTheDocumentItsEventMakes(
      String title, String price, String currency, int stock, String category) {
    Product p = row(title, price, currency, stock, category);
    assertSameDocument(p);
    assertSameDocument(Products.deleted(p));
  }

  private static void assertSameDocument(Product p) {
    ProductDocument viaEvent = ProductDocument.fromEnvelope(Products.event(p));
    ProductDocument direct = ProductDocument.fromProduct(p);

    assertThat(direct)
        .isEqualTo(
            new ProductDocument(
                null,
                viaEvent.id(),
                viaEvent.version(),
                viaEvent.sellerId(),
                viaEvent.title(),
                viaEvent.price(),
                viaEvent.currency(),
                viaEvent.stock(),
                viaEvent.createdAt(),
                viaEvent.updatedAt(),
                viaEvent.deleted(),
                viaEvent.category()));
    assertThat(Json.write(direct.toSource(Instant.EPOCH)))
        .isEqualTo(
            Json.write(viaEvent.toSource(Instant.EPOCH))
                .replaceAll(",\"event_id\":\"[^\"]+\"", ""));
  }

  @ParameterizedTest
  @CsvSource({
    "' Desk lamp', 19.90, USD, 4, , payload.title",
    "Desk lamp, 1.234, USD, 4, , payload.price.amount",
    "Desk lamp, -1, USD, 4, , payload.price.amount",
    "Desk lamp, 10000000000, USD, 4, , payload.price.amount",
    "Desk lamp, 1, usd, 4, , payload.price.currency",
    "Desk lamp, 1, USD, -1, , payload.stock",
    "Desk lamp, 1, USD, 1, ' ', payload.category",
  })
  void aRowNoEventCouldCarryIsRefusedAsTheEventWouldBe(
      String title, String price, String currency, int stock, String category, String field) {
    Product p = row(title, price, currency, stock, category);

    assertThatThrownBy(() -> ProductDocument.fromEnvelope(Products.event(p)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(field);
    assertThatThrownBy(() -> ProductDocument.fromProduct(p))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(field);
  }

  @Test
  void aBulkBodyCarriesTheSourceTheDocumentMakes() {
    ProductDocument doc = ProductDocument.fromEnvelope(event);
    Instant at = Instant.parse("2026-01-10T12:00:50Z");

    String ndjson =
        new String(
            new BulkEndpoint.Body().index("p-v1", doc, at).toBytes(), StandardCharsets.UTF_8);

    assertThat(ndjson.lines().toList().get(1)).isEqualTo(Json.write(doc.toSource(at)));
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
        "price.amount",
        "price.currency",
        "stock",
        "version",
        "created_at",
        "updated_at",
        "deleted"
      })
  void missingPayloadFieldIsMalformedAndNamed(String field) {
    assertMalformed(
        e -> {
          String[] path = field.split("\\.");
          ObjectNode parent = payload(e);
          for (int i = 0; i < path.length - 1; i++) {
            parent = (ObjectNode) parent.get(path[i]);
          }
          parent.remove(path[path.length - 1]);
        },
        "payload." + field);
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
    assertMalformed(e -> payload(e).put("price", new BigDecimal("19.90")), "payload.price");
    assertMalformed(e -> price(e).put("amount", new BigDecimal("19.90")), "payload.price.amount");
    for (String bad :
        new String[] {"", "19,90", "1e3", "1.", ".5", " 1.00", "NaN", "-1", "1.001"}) {
      assertMalformed(e -> price(e).put("amount", bad), "payload.price.amount");
    }
    assertMalformed(e -> price(e).put("amount", "10000000000.00"), "payload.price.amount");
    assertMalformed(e -> price(e).put("currency", "usd"), "payload.price.currency");
    assertMalformed(e -> price(e).put("currency", 840), "payload.price.currency");
    assertMalformed(e -> payload(e).put("stock", 1.5), "payload.stock");
    assertMalformed(e -> payload(e).put("stock", -1), "payload.stock");
    assertMalformed(e -> payload(e).put("deleted", "false"), "payload.deleted");
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
  @ValueSource(ints = {0, 3, 99})
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
    EventEnvelope v3 =
        new EventEnvelope(
            event.eventId(),
            event.eventType(),
            3,
            event.aggregateType(),
            event.aggregateId(),
            event.aggregateVersion(),
            event.occurredAt(),
            event.correlationId(),
            null,
            event.payload());

    assertThatThrownBy(() -> ProductDocument.fromEnvelope(v3))
        .isInstanceOf(UnsupportedSchemaException.class);
  }

  @Test
  void thePreviousReleasesReaderRefusesAV2EventAsUnsupported() {
    byte[] v2 = Json.write(event).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EnvelopeReader.read(v2, 1))
        .isInstanceOf(UnsupportedSchemaException.class)
        .hasMessage("unsupported schema_version 2 (this reader reads 1 to 1)");
    assertThatThrownBy(() -> ProductDocument.fromEnvelope(event, 1))
        .isInstanceOf(UnsupportedSchemaException.class);
    EventEnvelope v1 = EnvelopeReader.read(v1Json(tree()).getBytes(StandardCharsets.UTF_8), 1);
    assertThat(ProductDocument.fromEnvelope(v1, 1)).isEqualTo(ProductDocument.fromEnvelope(event));
  }

  @Test
  void aReaderCannotKnowAVersionNewerThanTheWriters() {
    assertThatThrownBy(() -> ProductDocument.fromEnvelope(event, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnvelopeReader.read(new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aV1EventIsUpcastToTheSameDocumentAsItsV2Twin() {
    assertThat(ProductDocument.fromJson(v1Json(tree())))
        .isEqualTo(ProductDocument.fromEnvelope(event));
  }

  @Test
  void aV1PayloadStaysMalformedWhereItCannotBeUpcast() {
    assertMalformedV1(p -> p.put("price", "19.90"), "payload.price");
    assertMalformedV1(p -> p.remove("price"), "payload.price");
    assertMalformedV1(p -> p.remove("currency"), "payload.price");
    assertMalformedV1(p -> p.put("price", new BigDecimal("1.001")), "payload.price.amount");
    assertMalformedV1(p -> p.put("price", new BigDecimal("-1")), "payload.price.amount");
    assertMalformedV1(p -> p.put("currency", "usd"), "payload.price.currency");
    assertMalformedV1(p -> p.put("title", ""), "payload.title");
  }

  @Test
  void aCategoryIsIndexedOnlyWhenThereIsOne() {
    Product lamp = product.withCategory("lighting");
    ProductDocument doc = ProductDocument.fromJson(Json.write(Products.event(lamp)));
    assertThat(doc.category()).isEqualTo("lighting");
    assertThat(doc.toSource(Instant.EPOCH).get("category").asText()).isEqualTo("lighting");
    assertThat(ProductDocument.fromProduct(lamp).category()).isEqualTo("lighting");

    ObjectNode nullCategory = tree();
    payload(nullCategory).putNull("category");
    ProductDocument none = ProductDocument.fromJson(Json.write(nullCategory));
    assertThat(none.category()).isNull();
    assertThat(none.toSource(Instant.EPOCH).has("category")).isFalse();
    assertThat(ProductDocument.fromEnvelope(event).category()).isNull();
  }

  @Test
  void aCategoryTheApiWouldNotStoreIsMalformed() {
    assertThat(
            ProductDocument.fromJson(
                    Json.write(Products.event(product.withCategory("é".repeat(50)))))
                .category())
        .hasSize(50);
    for (String bad : new String[] {"", " lighting", "lighting\n", "x".repeat(51)}) {
      assertMalformed(e -> payload(e).put("category", bad), "payload.category");
    }
    assertMalformed(e -> payload(e).put("category", 7), "payload.category");
    assertMalformed(e -> payload(e).putArray("category").add("lighting"), "payload.category");
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

  private static ObjectNode price(ObjectNode envelope) {
    return (ObjectNode) payload(envelope).get("price");
  }

  /** {@code v2} (an envelope's tree) as the v1 writer wrote it: the price a number. */
  private static String v1Json(ObjectNode v2) {
    ObjectNode payload = payload(v2);
    JsonNode price = payload.get("price");
    v2.put("schema_version", 1);
    payload.put("price", new BigDecimal(price.get("amount").asText()));
    payload.set("currency", price.get("currency"));
    return Json.write(v2);
  }

  private void assertMalformedV1(Consumer<ObjectNode> changePayload, String field) {
    ObjectNode v1;
    try {
      v1 = (ObjectNode) Json.mapper().readTree(v1Json(tree()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    changePayload.accept(payload(v1));
    assertThatThrownBy(() -> ProductDocument.fromJson(Json.write(v1)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(field + ":");
  }

  private void assertMalformed(Consumer<ObjectNode> change, String field) {
    ObjectNode json = tree();
    change.accept(json);
    assertThatThrownBy(() -> ProductDocument.fromJson(Json.write(json)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith(field + ":");
  }
}
