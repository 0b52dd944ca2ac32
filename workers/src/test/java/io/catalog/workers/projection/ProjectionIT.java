package io.catalog.workers.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.WriteContext;
import io.catalog.localstack.LocalStack;
import io.catalog.operations.dlq.DeadLetterHeaders;
import io.catalog.search.projection.EnvelopeReader;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.workers.dlq.DeadLetterPublisher;
import io.catalog.workers.kafka.ConsumerLoop;
import io.catalog.workers.kafka.Consumers;
import io.catalog.workers.testing.ProjectionSlice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The projection consumer against real Kafka, Elasticsearch and Postgres. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionIT {
  static ProjectionSlice slice;
  static MetricRegistry metrics = new MetricRegistry();

  @BeforeAll
  static void start() {
    slice = ProjectionSlice.start(metrics);
  }

  @AfterAll
  static void stop() throws Exception {
    slice.close();
  }

  static void publishAll() {
    slice.publisher.publishPending();
  }

  static void awaitReadModelEqualsDatabase() {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void poisonRecordsAreDeadLetteredWithEveryHeaderAndLaterEventsAreStillIndexed() throws Exception {
    String badKey = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> malformed =
        new ProducerRecord<>(slice.stack.names.productEvents(), bytes(badKey), bytes("{not json"));
    malformed
        .headers()
        .add("event_id", bytes(UUID.randomUUID().toString()))
        .add("event_type", bytes("product.created"));
    Product p = slice.products.create(ProductWriters.draft(1), WriteContext.none());
    String future =
        slice
            .stack
            .db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT payload::text FROM outbox_events WHERE aggregate_id = :id")
                        .bind("id", p.id())
                        .mapTo(String.class)
                        .one())
            .replace(
                "\"schema_version\": " + EventEnvelope.SCHEMA_VERSION, "\"schema_version\": 99")
            .replace("\"schema_version\":" + EventEnvelope.SCHEMA_VERSION, "\"schema_version\":99");
    UUID futureEventId = UUID.fromString(Json.mapper().readTree(future).get("event_id").asText());
    ProducerRecord<byte[], byte[]> unknownSchema =
        new ProducerRecord<>(
            slice.stack.names.productEvents(), bytes(p.id().toString()), bytes(future));
    unknownSchema
        .headers()
        .add("event_id", bytes(futureEventId.toString()))
        .add("event_type", bytes("product.created"));
    slice.raw.send(malformed).get();
    slice.raw.send(unknownSchema).get();

    ProductWriters.write(slice.products, 2, 40);
    publishAll();

    awaitReadModelEqualsDatabase();
    List<ConsumerRecord<String, String>> dead =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    io.catalog.testkit.TopicReader.readAll(
                        slice.stack.endpoints.kafkaBootstrap(),
                        slice.stack.names.dlqProductEvents()),
                l -> l.size() == 2);
    Map<String, ConsumerRecord<String, String>> byKey = new HashMap<>();
    dead.forEach(r -> byKey.put(r.key(), r));
    assertThat(byKey).containsOnlyKeys(badKey, p.id().toString());
    assertThat(byKey.get(badKey).value()).isEqualTo("{not json");
    assertThat(byKey.get(p.id().toString()).value()).isEqualTo(future);
    for (ConsumerRecord<String, String> r : dead) {
      Map<String, String> headers = new HashMap<>();
      for (Header h : r.headers()) {
        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
      assertThat(headers)
          .containsKeys(
              DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.ORIGINAL_OFFSET,
              DeadLetterHeaders.EXCEPTION_CLASS, DeadLetterHeaders.EXCEPTION_MESSAGE,
              DeadLetterHeaders.FAILED_AT, "event_id")
          .containsEntry(DeadLetterHeaders.ORIGINAL_TOPIC, slice.stack.names.productEvents())
          .containsEntry(DeadLetterHeaders.CONSUMER_GROUP, slice.stack.names.projectionGroup())
          .containsEntry(DeadLetterHeaders.ATTEMPTS, "3");
    }
    assertThat(headersOf(byKey.get(p.id().toString())).get(DeadLetterHeaders.EXCEPTION_CLASS))
        .contains("UnsupportedSchema");
    assertThat(headersOf(byKey.get(badKey)).get(DeadLetterHeaders.EXCEPTION_CLASS))
        .contains("Malformed");
    assertThat(metrics.counter("dlq.records").getCount()).isEqualTo(2);
  }

  static Map<String, String> headersOf(ConsumerRecord<String, String> r) {
    Map<String, String> headers = new HashMap<>();
    r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return headers;
  }

  @Test
  @Order(2)
  void replayingTheWholeTopicTwiceAndOneProductShuffledLeavesTheReadModelEqual() throws Exception {
    Product p = slice.products.create(ProductWriters.draft(7), WriteContext.none());
    for (int i = 0; i < 4; i++) {
      p =
          slice.products.update(
              p.id(), p.version(), ProductWriters.draft(100 + i), WriteContext.none());
    }
    slice.products.delete(p.id(), p.version(), WriteContext.none());
    publishAll();
    awaitReadModelEqualsDatabase();

    ProjectionWriter writer = new ProjectionWriter(slice.es, slice.stack.names);
    ProductProjectionHandler handler = new ProductProjectionHandler(writer::write);
    for (String group : List.of("replay-a", "replay-b")) {
      replayFromEarliest(slice.stack.names.prefix() + group, handler);
    }
    assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty();

    UUID id = p.id();
    List<EventEnvelope> history = new ArrayList<>();
    for (String payload :
        slice
            .stack
            .db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT payload::text FROM outbox_events WHERE aggregate_id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .list())) {
      history.add(EnvelopeReader.read(payload));
    }
    assertThat(history).hasSize(6);
    Collections.shuffle(history, new Random(42));
    for (EventEnvelope e : history) {
      writer.write(List.of(e));
    }
    EventEnvelope created =
        history.stream().filter(e -> e.aggregateVersion() == 1).findFirst().orElseThrow();
    writer.write(List.of(created));
    assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty();
    assertThat(
            ReadModel.documents(slice.es, slice.stack.names.searchAlias())
                .get(id.toString())
                .path("deleted")
                .asBoolean())
        .isTrue();
  }

  /** A throw-away group reads the topic from its start through the same handler. */
  private static void replayFromEarliest(String group, ProductProjectionHandler handler)
      throws Exception {
    try (KafkaConsumer<byte[], byte[]> probe =
        Consumers.create(slice.stack.endpoints.kafkaBootstrap(), group + "-probe", "probe", 10)) {
      Map<TopicPartition, Long> end =
          probe.endOffsets(
              probe.partitionsFor(slice.stack.names.productEvents()).stream()
                  .map(i -> new TopicPartition(i.topic(), i.partition()))
                  .toList());
      ConsumerLoop loop =
          new ConsumerLoop(
              group,
              Consumers.create(slice.stack.endpoints.kafkaBootstrap(), group, group, 500),
              slice.stack.names.productEvents(),
              handler,
              new DeadLetterPublisher(
                  slice.dlqProducer, slice.stack.names.dlqProductEvents(), group),
              3,
              new ConsumerLoop.Listener() {});
      Thread thread = new Thread(loop, group);
      thread.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  Map<TopicPartition, Long> done = committed(group);
                  return end.entrySet().stream()
                      .allMatch(e -> done.getOrDefault(e.getKey(), 0L) >= e.getValue());
                });
      } finally {
        loop.close();
        thread.join();
      }
    }
  }

  static Map<TopicPartition, Long> committed(String group) throws Exception {
    try (Admin admin = slice.stack.kafkaAdmin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((tp, o) -> result.put(tp, o == null ? 0 : o.offset()));
      return result;
    }
  }

  @Test
  @Order(3)
  void elasticsearchOutageIsRetriedWithoutDeadLetteringOrCommittingPastUnindexedEvents()
      throws Exception {
    awaitReadModelEqualsDatabase();
    long deadBefore = metrics.counter("dlq.records").getCount();
    Map<TopicPartition, Long> committedBefore =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> committed(slice.stack.names.projectionGroup()), m -> !m.isEmpty());
    var elasticsearch = LocalStack.shared().elasticsearch();
    elasticsearch.stop();
    try {
      ProductWriters.write(slice.products, 2, 50);
      publishAll();
      await()
          .during(Duration.ofSeconds(20))
          .atMost(Duration.ofSeconds(30))
          .until(() -> committed(slice.stack.names.projectionGroup()).equals(committedBefore));
    } finally {
      elasticsearch.start();
    }
    awaitReadModelEqualsDatabase();
    assertThat(metrics.counter("dlq.records").getCount()).isEqualTo(deadBefore);
  }
}
