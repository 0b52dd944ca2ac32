package io.catalog.operations.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DlqClassifierTest {
  static final Product PRODUCT =
      new Product(
          UUID.randomUUID(),
          UUID.randomUUID(),
          "Mouse",
          new BigDecimal("9.99"),
          "USD",
          3,
          2,
          OffsetDateTime.parse("2026-01-10T12:00:00Z"),
          OffsetDateTime.parse("2026-01-10T12:00:45Z"),
          null,
          null);
  static final EventEnvelope EVENT = ProductEvents.envelope(EventType.UPDATED, PRODUCT, null, null);

  static Map<String, String> headers(String exceptionClass) {
    Map<String, String> h = new HashMap<>();
    h.put(EventEnvelope.HEADER_EVENT_ID, EVENT.eventId().toString());
    h.put(EventEnvelope.HEADER_EVENT_TYPE, EVENT.eventType());
    h.put(DeadLetterHeaders.ORIGINAL_TOPIC, "product.events");
    h.put(DeadLetterHeaders.EXCEPTION_CLASS, exceptionClass);
    h.put(DeadLetterHeaders.ATTEMPTS, "3");
    return h;
  }

  static byte[] event(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode root = Json.mapper().valueToTree(EVENT);
    change.accept(root);
    return Json.write(root).getBytes(StandardCharsets.UTF_8);
  }

  static final String MALFORMED_EVENT = "io.catalog.search.projection.MalformedEventException";

  static final String UNSUPPORTED = "io.catalog.search.projection.UnsupportedSchemaException";

  @Test
  void anUnknownSchemaIsASchemaMismatch() {
    byte[] future = event(r -> r.put("schema_version", ProductEventUpcaster.CURRENT + 1));
    assertThat(DlqClassifier.classify(headers(UNSUPPORTED), future))
        .isEqualTo(DlqClassifier.SCHEMA_MISMATCH);
  }

  @Test
  void aV2EventThePreviousReleaseRefusedIsASchemaMismatch() {
    Map<String, String> h = headers(UNSUPPORTED);
    h.put(EventEnvelope.HEADER_SCHEMA_VERSION, "2");
    h.put(
        DeadLetterHeaders.EXCEPTION_MESSAGE,
        "unsupported schema_version 2 (this reader reads 1 to 1)");
    assertThat(EVENT.schemaVersion()).isEqualTo(2);
    assertThat(DlqClassifier.classify(h, event(r -> {}))).isEqualTo(DlqClassifier.SCHEMA_MISMATCH);
  }

  @Test
  void eachSchemaVersionsPayloadIsCheckedForItsOwnFields() {
    String bad = "elasticsearch.MalformedEventException";
    byte[] noAmount = event(r -> ((ObjectNode) r.at("/payload/price")).remove("amount"));
    byte[] noCurrency = event(r -> ((ObjectNode) r.at("/payload/price")).remove("currency"));
    assertThat(DlqClassifier.classify(headers(bad), noAmount))
        .isEqualTo(DlqClassifier.MISSING_FIELD);
    assertThat(DlqClassifier.classify(headers(bad), noCurrency))
        .isEqualTo(DlqClassifier.MISSING_FIELD);
    // Version 1: the currency beside a number price.
    byte[] v1 = event(DlqClassifierTest::toV1);
    byte[] v1NoCurrency = event(r -> ((ObjectNode) toV1(r).get("payload")).remove("currency"));
    assertThat(DlqClassifier.classify(headers(bad), v1)).isEqualTo(DlqClassifier.VALIDATION);
    assertThat(DlqClassifier.classify(headers(bad), v1NoCurrency))
        .isEqualTo(DlqClassifier.MISSING_FIELD);
  }

  @Test
  void everyVersionThisReleaseReadsHasItsPayloadFields() {
    for (int v = ProductEventUpcaster.OLDEST; v <= ProductEventUpcaster.CURRENT; v++) {
      assertThat(DlqClassifier.PRICE_FIELDS).as("version " + v).containsKey(v);
    }
  }

  /** {@code root} (a v2 envelope) as the previous release wrote it. */
  static ObjectNode toV1(ObjectNode root) {
    ObjectNode payload = (ObjectNode) root.get("payload");
    JsonNode price = payload.get("price");
    root.put("schema_version", 1);
    payload.put("price", new BigDecimal(price.get("amount").asText()));
    payload.set("currency", price.get("currency"));
    return root;
  }

  @Test
  void aMissingEnvelopeOrPayloadFieldIsAMissingField() {
    byte[] noVersion = event(r -> r.remove("aggregate_version"));
    byte[] noTitle = event(r -> ((ObjectNode) r.get("payload")).remove("title"));
    byte[] nullPrice = event(r -> ((ObjectNode) r.get("payload")).putNull("price"));
    assertThat(DlqClassifier.classify(headers(MALFORMED_EVENT), noVersion))
        .isEqualTo(DlqClassifier.MISSING_FIELD);
    // The payload is checked when the document is built: the consumer names it elasticsearch.*.
    assertThat(DlqClassifier.classify(headers("elasticsearch.MalformedEventException"), noTitle))
        .isEqualTo(DlqClassifier.MISSING_FIELD);
    assertThat(DlqClassifier.classify(headers("elasticsearch.MalformedEventException"), nullPrice))
        .isEqualTo(DlqClassifier.MISSING_FIELD);
  }

  @Test
  void aDocumentElasticsearchOrTheDocumentRulesRefuseIsValidation() {
    byte[] fine = event(r -> {});
    byte[] longTitle = event(r -> ((ObjectNode) r.get("payload")).put("title", "x".repeat(201)));
    assertThat(DlqClassifier.classify(headers("elasticsearch.cluster_block_exception"), fine))
        .isEqualTo(DlqClassifier.VALIDATION);
    assertThat(DlqClassifier.classify(headers("elasticsearch.document_parsing_exception"), fine))
        .isEqualTo(DlqClassifier.VALIDATION);
    assertThat(DlqClassifier.classify(headers("elasticsearch.MalformedEventException"), longTitle))
        .isEqualTo(DlqClassifier.VALIDATION);
  }

  @Test
  void badJsonATombstoneOrAMissingHeaderIsMalformed() {
    assertThat(
            DlqClassifier.classify(
                headers(MALFORMED_EVENT), "{not json".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(DlqClassifier.MALFORMED);
    assertThat(
            DlqClassifier.classify(
                headers(MALFORMED_EVENT), "[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(DlqClassifier.MALFORMED);
    assertThat(DlqClassifier.classify(headers(MALFORMED_EVENT), null))
        .isEqualTo(DlqClassifier.MALFORMED);
    Map<String, String> noEventId = headers(MALFORMED_EVENT);
    noEventId.remove(EventEnvelope.HEADER_EVENT_ID);
    assertThat(DlqClassifier.classify(noEventId, event(r -> {})))
        .isEqualTo(DlqClassifier.MALFORMED);
    // Every field there but of the wrong type: still the producer's malformed event.
    assertThat(
            DlqClassifier.classify(
                headers(MALFORMED_EVENT), event(r -> r.put("aggregate_version", "two"))))
        .isEqualTo(DlqClassifier.MALFORMED);
    Map<String, String> noDlqHeaders =
        new HashMap<>(Map.of("event_id", EVENT.eventId().toString()));
    assertThat(DlqClassifier.classify(noDlqHeaders, event(r -> {})))
        .isEqualTo(DlqClassifier.MALFORMED);
  }

  @Test
  void anythingElseIsUnknown() {
    assertThat(DlqClassifier.classify(headers("java.lang.IllegalStateException"), event(r -> {})))
        .isEqualTo(DlqClassifier.UNKNOWN);
  }
}
