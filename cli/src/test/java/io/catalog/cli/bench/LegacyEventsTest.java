package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.search.projection.EnvelopeReader;
import io.catalog.search.projection.ProductDocument;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class LegacyEventsTest {
  private static final OffsetDateTime AT = OffsetDateTime.parse("2026-01-10T12:01:45.123Z");

  private static EventEnvelope current(String price, String category) {
    Product product =
        new Product(
            UUID.fromString("0192a8f0-0000-7000-8000-000000000001"),
            UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "Desk lamp",
            new BigDecimal(price),
            "USD",
            3,
            2,
            AT,
            AT,
            null,
            category);
    return ProductEvents.envelope(EventType.UPDATED, product, null, UUID.randomUUID());
  }

  /** What a Kafka consumer reads back: the record value, through the platform's one reader. */
  private static ProductDocument readBack(EventEnvelope e, int newestKnown) {
    byte[] value = Json.write(e).getBytes(StandardCharsets.UTF_8);
    return ProductDocument.fromEnvelope(EnvelopeReader.read(value, newestKnown), newestKnown);
  }

  @Test
  void theV1FormReadsBackAsTheSameDocument() {
    for (String price : List.of("15.99", "0.50", "1000.00", "9999999999.99")) {
      EventEnvelope v2 = current(price, null);
      assertThat(readBack(LegacyEvents.v1(v2), EventEnvelope.SCHEMA_VERSION))
          .as(price)
          .isEqualTo(ProductDocument.fromEnvelope(v2));
    }
  }

  @Test
  void theReleaseBeforeV2ReadsItToo() {
    EventEnvelope v2 = current("15.99", null);
    assertThat(readBack(LegacyEvents.v1(v2), LegacyEvents.V1))
        .isEqualTo(ProductDocument.fromEnvelope(v2));
  }

  @Test
  void thePayloadIsWhatTheV1WriterEmitted() {
    EventEnvelope v1 = LegacyEvents.v1(current("19.90", null));
    assertThat(v1.schemaVersion()).isEqualTo(1);
    assertThat(Json.write(v1.payload()))
        .isEqualTo(
            "{\"id\":\"0192a8f0-0000-7000-8000-000000000001\","
                + "\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Desk lamp\","
                + "\"price\":19.90,\"currency\":\"USD\",\"stock\":3,\"version\":2,"
                + "\"created_at\":\"2026-01-10T12:01:45.123Z\","
                + "\"updated_at\":\"2026-01-10T12:01:45.123Z\",\"deleted\":false}");
  }

  @Test
  void everyEnvelopeFieldButTheVersionIsKept() {
    EventEnvelope v2 = current("15.99", null);
    EventEnvelope v1 = LegacyEvents.v1(v2);
    assertThat(v1)
        .usingRecursiveComparison()
        .ignoringFields("schemaVersion", "payload")
        .isEqualTo(v2);
    assertThat(v2.payload().get("price").isObject()).as("the input is left as it was").isTrue();
  }

  @Test
  void theHeaderCarriesTheEnvelopesVersion() {
    Headers v1 = OutboxHeaders.of(LegacyEvents.v1(current("15.99", null)));
    Headers v2 = OutboxHeaders.of(current("15.99", null));
    assertThat(header(v1, EventEnvelope.HEADER_SCHEMA_VERSION)).isEqualTo("1");
    assertThat(header(v2, EventEnvelope.HEADER_SCHEMA_VERSION))
        .isEqualTo(String.valueOf(EventEnvelope.SCHEMA_VERSION));
  }

  @Test
  void aProductWithACategoryHasNoV1Form() {
    assertThatThrownBy(() -> LegacyEvents.v1(current("15.99", "lighting")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category");
  }

  @Test
  void onlyACurrentEventIsConverted() {
    EventEnvelope v1 = LegacyEvents.v1(current("15.99", null));
    assertThatThrownBy(() -> LegacyEvents.v1(v1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void w3sMixedTopicIndexesTheSameDocumentsAsItsV2Topic() {
    List<EventEnvelope> current = W3Events.envelopes(UUID.randomUUID(), 6);
    List<EventEnvelope> mixed = W3Events.mixed(current);
    assertThat(mixed).extracting(EventEnvelope::schemaVersion).containsExactly(2, 1, 2, 1, 2, 1);
    assertThat(current)
        .extracting(e -> ProductDocument.fromEnvelope(e).category())
        .containsExactly(W3Events.CATEGORY, null, W3Events.CATEGORY, null, W3Events.CATEGORY, null);
    for (int i = 0; i < current.size(); i++) {
      assertThat(readBack(mixed.get(i), EventEnvelope.SCHEMA_VERSION))
          .isEqualTo(ProductDocument.fromEnvelope(current.get(i)));
    }
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
