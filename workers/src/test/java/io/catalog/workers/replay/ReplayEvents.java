package io.catalog.workers.replay;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.workers.outbox.OutboxProducers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Many product events, fast: the products are inserted by one SQL statement, then their events are
 * built by {@link ProductEvents} (the one envelope builder) and produced as the outbox publisher
 * produces them (key = aggregate_id, headers event_id, event_type, schema_version). Every 12th
 * product is at version 2 in the database and has two events, v1 (an older title) before v2.
 */
public final class ReplayEvents {
  private ReplayEvents() {}

  /** Returns the number of events produced to {@code topic}. */
  public static long write(Jdbi jdbi, String bootstrap, String topic, int products)
      throws Exception {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO products (id, seller_id, title, price, currency, stock, version)"
                        + " SELECT gen_random_uuid(), gen_random_uuid(), 'Product ' || n, (n % 1000) + 0.99,"
                        + " 'USD', n % 50, CASE WHEN n % 12 = 0 THEN 2 ELSE 1 END"
                        + " FROM generate_series(1, :n) AS n")
                .bind("n", products)
                .execute());
    List<Product> rows =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT * FROM products")
                    .map(ConstructorMapper.of(Product.class))
                    .list());
    long events = 0;
    try (Producer<String, String> producer = OutboxProducers.create(bootstrap, "replay-events")) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (Product p : rows) {
        if (p.version() == 2) {
          Product v1 =
              new Product(
                  p.id(),
                  p.sellerId(),
                  "Old " + p.title(),
                  p.price(),
                  p.currency(),
                  p.stock(),
                  1,
                  p.createdAt(),
                  p.createdAt(),
                  null,
                  null);
          acks.add(
              producer.send(
                  record(topic, ProductEvents.envelope(EventType.CREATED, v1, null, null))));
          acks.add(
              producer.send(
                  record(topic, ProductEvents.envelope(EventType.UPDATED, p, null, null))));
          events += 2;
        } else {
          acks.add(
              producer.send(
                  record(topic, ProductEvents.envelope(EventType.CREATED, p, null, null))));
          events++;
        }
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    }
    return events;
  }

  static ProducerRecord<String, String> record(String topic, EventEnvelope e) {
    ProducerRecord<String, String> r =
        new ProducerRecord<>(topic, e.aggregateId().toString(), Json.write(e));
    r.headers()
        .add(EventEnvelope.HEADER_EVENT_ID, bytes(e.eventId().toString()))
        .add(EventEnvelope.HEADER_EVENT_TYPE, bytes(e.eventType()))
        .add(EventEnvelope.HEADER_SCHEMA_VERSION, bytes(Integer.toString(e.schemaVersion())));
    return r;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
