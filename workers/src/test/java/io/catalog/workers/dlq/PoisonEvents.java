package io.catalog.workers.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records the projection cannot apply, produced raw onto {@code product.events} as a buggy producer
 * would, plus the one failure that is fixed outside the event: a write-blocked index.
 */
public final class PoisonEvents {
  private PoisonEvents() {}

  /** A well-formed event of a product that exists only in the event. */
  public static EventEnvelope event() {
    OffsetDateTime now = OffsetDateTime.parse("2026-01-10T12:00:45Z");
    Product p =
        new Product(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "Poison",
            new BigDecimal("1.50"),
            "USD",
            1,
            1,
            now,
            now,
            null,
            null);
    return ProductEvents.envelope(EventType.CREATED, p, null, null);
  }

  /** Not JSON at all, with correct headers: {@code malformed}. */
  public static ProducerRecord<byte[], byte[]> notJson(String topic) {
    EventEnvelope e = event();
    return record(topic, e, "{not json".getBytes(StandardCharsets.UTF_8));
  }

  /** A fine event without its {@code event_id} header: {@code malformed}. */
  public static ProducerRecord<byte[], byte[]> withoutEventIdHeader(String topic) {
    EventEnvelope e = event();
    ProducerRecord<byte[], byte[]> r = record(topic, e, json(e, n -> {}));
    r.headers().remove(EventEnvelope.HEADER_EVENT_ID);
    return r;
  }

  /**
   * A schema version newer than any this release reads ({@link ProductEventUpcaster#CURRENT} + 1):
   * {@code schema_mismatch}.
   */
  public static ProducerRecord<byte[], byte[]> unknownSchema(String topic) {
    EventEnvelope e = event();
    int future = ProductEventUpcaster.CURRENT + 1;
    ProducerRecord<byte[], byte[]> r =
        record(topic, e, json(e, n -> n.put("schema_version", future)));
    r.headers()
        .remove(EventEnvelope.HEADER_SCHEMA_VERSION)
        .add(EventEnvelope.HEADER_SCHEMA_VERSION, bytes(String.valueOf(future)));
    return r;
  }

  /** No {@code payload.title}: {@code missing_field}. */
  public static ProducerRecord<byte[], byte[]> withoutTitle(String topic) {
    EventEnvelope e = event();
    return record(topic, e, json(e, n -> ((ObjectNode) n.get("payload")).remove("title")));
  }

  /** Sets or clears {@code index.blocks.write} on the index behind {@code alias}. */
  public static void blockWrites(String elasticsearchUrl, String alias, boolean blocked)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            elasticsearchUrl.replaceAll("/+$", "") + "/" + alias + "/_settings"))
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"index.blocks.write\":" + blocked + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "cannot set the write block: " + r.statusCode() + " " + r.body());
    }
  }

  static ProducerRecord<byte[], byte[]> record(String topic, EventEnvelope e, byte[] value) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topic, bytes(e.aggregateId().toString()), value);
    r.headers()
        .add(EventEnvelope.HEADER_EVENT_ID, bytes(e.eventId().toString()))
        .add(EventEnvelope.HEADER_EVENT_TYPE, bytes(e.eventType()))
        .add(EventEnvelope.HEADER_SCHEMA_VERSION, bytes(String.valueOf(e.schemaVersion())));
    return r;
  }

  static byte[] json(EventEnvelope e, Consumer<ObjectNode> change) {
    ObjectNode node = Json.mapper().valueToTree(e);
    change.accept(node);
    return bytes(Json.write(node));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
