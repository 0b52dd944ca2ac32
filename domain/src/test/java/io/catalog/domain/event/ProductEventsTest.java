package io.catalog.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ProductEventsTest {
  private static final UUID ID = UUID.fromString("0192a8f0-0000-7000-8000-000000000001");
  private static final UUID SELLER = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");
  private static final UUID CORRELATION = UUID.fromString("11111111-1111-7111-8111-111111111111");
  private static final UUID CAUSATION = UUID.fromString("22222222-2222-7222-8222-222222222222");
  private static final OffsetDateTime CREATED =
      OffsetDateTime.of(2026, 1, 10, 12, 0, 45, 123_456_789, ZoneOffset.UTC);

  private static Product product(long version, OffsetDateTime updatedAt, OffsetDateTime deleted) {
    return new Product(
        ID,
        SELLER,
        "Wireless Mouse",
        new BigDecimal("9999999999.99"),
        "EUR",
        0,
        version,
        CREATED,
        updatedAt,
        deleted,
        null);
  }

  private static JsonNode tree(Object value) throws Exception {
    return Json.mapper().readTree(Json.write(value));
  }

  @RepeatedTest(300)
  void aTimestampWrittenByHandIsWhatTheFormatterWrites() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Instant at =
        Instant.ofEpochSecond(
            random.nextLong(-62_135_596_800L, 253_402_300_800L), random.nextInt(1_000_000_000));

    assertThat(ProductEvents.timestamp(at)).isEqualTo(ProductEvents.TIMESTAMP.format(at));
  }

  @RepeatedTest(200)
  void aTimestampAsThePlatformWritesItIsReadByHandToTheSameInstant() {
    Instant at =
        Instant.ofEpochMilli(
            ThreadLocalRandom.current().nextLong(-62_000_000_000_000L, 253_000_000_000_000L));
    String text = ProductEvents.TIMESTAMP.format(at);

    assertThat(ProductEvents.readTimestamp(text))
        .isEqualTo(OffsetDateTime.parse(text).toInstant())
        .isEqualTo(at);
  }

  @Test
  void theEdgesOfTheHandWrittenYearsAndBeyondAreWhatTheFormatterWrites() {
    for (Instant at :
        List.of(
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("0000-12-31T23:59:59.999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.EPOCH,
            Instant.parse("2024-02-29T23:59:59.9999Z"))) {
      assertThat(ProductEvents.timestamp(at)).isEqualTo(ProductEvents.TIMESTAMP.format(at));
    }
  }

  @Test
  void theEnvelopeNamesTheProductAtItsVersion() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    EventEnvelope e =
        ProductEvents.envelope(
            EventType.UPDATED, product(7, CREATED.plusHours(1), null), CORRELATION, CAUSATION);
    Instant after = Instant.now();

    assertThat(e.eventId().version()).isEqualTo(7);
    assertThat(e.eventType()).isEqualTo("product.updated");
    assertThat(e.schemaVersion()).isEqualTo(2).isEqualTo(ProductEventUpcaster.CURRENT);
    assertThat(e.aggregateType()).isEqualTo("product");
    assertThat(e.aggregateId()).isEqualTo(ID);
    assertThat(e.aggregateVersion()).isEqualTo(7);
    assertThat(e.correlationId()).isEqualTo(CORRELATION);
    assertThat(e.causationId()).isEqualTo(CAUSATION);
    assertThat(e.occurredAt()).isBetween(before, after);
    assertThat(e.occurredAt()).isEqualTo(e.occurredAt().truncatedTo(ChronoUnit.MILLIS));
    assertThat(e.payload().get("version").asLong()).isEqualTo(e.aggregateVersion());
  }

  @Test
  void eachTypeHasItsWireName() {
    List<String> names = new ArrayList<>();
    for (EventType type : EventType.values()) {
      names.add(ProductEvents.envelope(type, product(1, CREATED, null), null, null).eventType());
    }
    assertThat(names).containsExactly("product.created", "product.updated", "product.deleted");
  }

  @Test
  void everyEnvelopeHasItsOwnEventIdAndAMissingCorrelationIsFreshEachTime() {
    Set<UUID> eventIds = new HashSet<>();
    Set<UUID> correlations = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      EventEnvelope e =
          ProductEvents.envelope(EventType.CREATED, product(1, CREATED, null), null, null);
      eventIds.add(e.eventId());
      correlations.add(e.correlationId());
      assertThat(e.correlationId().version()).isEqualTo(7);
      assertThat(e.correlationId()).isNotEqualTo(e.eventId());
      assertThat(e.causationId()).isNull();
    }
    assertThat(eventIds).hasSize(50);
    assertThat(correlations).hasSize(50);
  }

  @Test
  void thePayloadIsTheWholeStateWithExactPriceAndMillisecondUtcTimes() throws Exception {
    // An update made in another zone: the wire says UTC.
    OffsetDateTime updated =
        OffsetDateTime.of(2026, 1, 10, 14, 30, 0, 0, ZoneOffset.ofHours(2)); // 12:30:00.000Z
    JsonNode payload = tree(ProductEvents.payload(product(3, updated, null)));

    assertThat(payload.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly(
            "id",
            "seller_id",
            "title",
            "price",
            "stock",
            "version",
            "created_at",
            "updated_at",
            "deleted");
    assertThat(payload.get("id").asText()).isEqualTo(ID.toString());
    assertThat(payload.get("seller_id").asText()).isEqualTo(SELLER.toString());
    assertThat(payload.get("title").asText()).isEqualTo("Wireless Mouse");
    assertThat(payload.get("price").properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("amount", "currency");
    assertThat(payload.get("price").get("amount").isTextual()).isTrue();
    assertThat(payload.get("price").get("amount").asText()).isEqualTo("9999999999.99");
    assertThat(payload.get("price").get("currency").asText()).isEqualTo("EUR");
    assertThat(payload.has("category")).isFalse();
    assertThat(payload.get("stock").isInt()).isTrue();
    assertThat(payload.get("stock").asInt()).isZero();
    assertThat(payload.get("version").asLong()).isEqualTo(3);
    assertThat(payload.get("created_at").asText()).isEqualTo("2026-01-10T12:00:45.123Z");
    assertThat(payload.get("updated_at").asText()).isEqualTo("2026-01-10T12:30:00.000Z");
    assertThat(payload.get("deleted").isBoolean()).isTrue();
    assertThat(payload.get("deleted").asBoolean()).isFalse();
  }

  @Test
  void aCategoryIsWrittenAfterThePriceOnlyWhenTheProductHasOne() throws Exception {
    Product lamp = product(2, CREATED, null).withCategory("lighting");
    JsonNode payload = tree(ProductEvents.payload(lamp));
    assertThat(payload.get("category").asText()).isEqualTo("lighting");
    assertThat(payload.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsSubsequence("price", "category", "stock");
  }

  @Test
  void theAmountIsAPlainStringOfScaleTwo() {
    assertThat(ProductEvents.amount(new BigDecimal("0"))).isEqualTo("0.00");
    assertThat(ProductEvents.amount(new BigDecimal("0.5"))).isEqualTo("0.50");
    assertThat(ProductEvents.amount(new BigDecimal("19.900"))).isEqualTo("19.90");
    assertThat(ProductEvents.amount(new BigDecimal("1E+3"))).isEqualTo("1000.00");
    assertThat(ProductEvents.amount(new BigDecimal("9999999999.99"))).isEqualTo("9999999999.99");
    // More decimals are kept for the reader to refuse, not rounded away here.
    assertThat(ProductEvents.amount(new BigDecimal("1.001"))).isEqualTo("1.001");
  }

  @Test
  void aDeletedProductIsFlaggedNotEmptied() {
    JsonNode payload = ProductEvents.payload(product(4, CREATED.plusDays(1), CREATED.plusDays(1)));
    assertThat(payload.get("deleted").asBoolean()).isTrue();
    assertThat(payload.get("title").asText()).isEqualTo("Wireless Mouse");
    assertThat(payload.has("deleted_at")).isFalse();
  }

  @Test
  void theEnvelopeJsonHasTheDocumentedSnakeCaseShape() throws Exception {
    EventEnvelope e =
        ProductEvents.envelope(EventType.DELETED, product(9, CREATED, CREATED), CORRELATION, null);
    JsonNode json = tree(e);

    assertThat(json.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly(
            "event_id",
            "event_type",
            "schema_version",
            "aggregate_type",
            "aggregate_id",
            "aggregate_version",
            "occurred_at",
            "correlation_id",
            "causation_id",
            "payload");
    assertThat(json.get("event_id").asText()).isEqualTo(e.eventId().toString());
    assertThat(json.get("event_type").asText()).isEqualTo("product.deleted");
    assertThat(json.get("schema_version").isInt()).isTrue();
    assertThat(json.get("schema_version").asInt()).isEqualTo(2);
    assertThat(json.get("aggregate_type").asText()).isEqualTo("product");
    assertThat(json.get("aggregate_id").asText()).isEqualTo(ID.toString());
    assertThat(json.get("aggregate_version").isIntegralNumber()).isTrue();
    assertThat(json.get("aggregate_version").asLong()).isEqualTo(9);
    // ISO-8601 text, not epoch seconds.
    assertThat(json.get("occurred_at").isTextual()).isTrue();
    assertThat(Instant.parse(json.get("occurred_at").asText())).isEqualTo(e.occurredAt());
    assertThat(json.get("correlation_id").asText()).isEqualTo(CORRELATION.toString());
    assertThat(json.get("causation_id").isNull()).isTrue();
    assertThat(json.get("payload").get("deleted").asBoolean()).isTrue();
  }

  @Test
  void theJsonReadsBackToTheSameEnvelope() throws Exception {
    EventEnvelope e =
        ProductEvents.envelope(
            EventType.CREATED, product(1, CREATED, null), CORRELATION, CAUSATION);
    EventEnvelope read = Json.mapper().readValue(Json.write(e), EventEnvelope.class);
    // The JSON trees differ only in number node classes (a long version reads back as an int).
    assertThat(Json.write(read)).isEqualTo(Json.write(e));
    assertThat(read.eventId()).isEqualTo(e.eventId());
    assertThat(read.occurredAt()).isEqualTo(e.occurredAt());
    assertThat(read.causationId()).isEqualTo(CAUSATION);
    assertThat(read.payload().get("price").get("amount").asText()).isEqualTo("9999999999.99");
  }

  @Test
  void theHeaderNamesAreTheEnvelopeFieldsTheyMirror() throws Exception {
    JsonNode json =
        tree(ProductEvents.envelope(EventType.CREATED, product(1, CREATED, null), null, null));
    assertThat(EventEnvelope.HEADER_EVENT_ID).isEqualTo("event_id");
    assertThat(EventEnvelope.HEADER_EVENT_TYPE).isEqualTo("event_type");
    assertThat(EventEnvelope.HEADER_SCHEMA_VERSION).isEqualTo("schema_version");
    for (String header :
        List.of(
            EventEnvelope.HEADER_EVENT_ID,
            EventEnvelope.HEADER_EVENT_TYPE,
            EventEnvelope.HEADER_SCHEMA_VERSION)) {
      assertThat(json.has(header)).as(header).isTrue();
    }
  }
}
