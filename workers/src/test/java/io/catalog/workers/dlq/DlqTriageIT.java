package io.catalog.workers.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.WriteContext;
import io.catalog.operations.dlq.TriageClient;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.replay.TemporalCli;
import io.catalog.workers.testing.ProjectionSlice;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Poison events of four classes go through the live projection consumer to the DLQ, the triage
 * workflow (real Temporal) parks and classifies them and replays nothing by itself; an operator's
 * {@code temporal workflow signal} replays the fixed class (indexed with the original event ids),
 * discards another without publishing, and a replayed event that fails again comes back as a new
 * PARKED entry with its attempts added up, instead of looping.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DlqTriageIT {
  static ProjectionSlice slice;
  static ProjectionOpsWorker worker;
  static String triageId;
  static Map<UUID, UUID> blockedEvents = new HashMap<>();

  @BeforeAll
  static void start() {
    slice = ProjectionSlice.start(new MetricRegistry());
    worker = ProjectionOpsWorker.start(slice.stack);
    triageId = slice.stack.names.dlqTriageWorkflowId();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      slice.stack.client.newUntypedWorkflowStub(triageId).terminate("test finished");
    } catch (RuntimeException e) {
      // never started
    }
    worker.close();
    slice.close();
  }

  static List<String> differences() {
    return slice.stack.readModelDifferences(slice.es);
  }

  static int dlqRecords() {
    return TopicReader.readAll(
            slice.stack.endpoints.kafkaBootstrap(), slice.stack.names.dlqProductEvents())
        .size();
  }

  static Map<String, Long> count(String groupBy, String where) {
    return slice
        .stack
        .db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT "
                            + groupBy
                            + " AS k, count(*) AS n FROM dlq_entries WHERE "
                            + where
                            + " GROUP BY 1")
                    .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getLong("n")))
                    .list())
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static long productEventsEnd() {
    try (Consumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", slice.stack.endpoints.kafkaBootstrap(),
                "key.deserializer", ByteArrayDeserializer.class,
                "value.deserializer", ByteArrayDeserializer.class))) {
      List<TopicPartition> tps =
          c.partitionsFor(slice.stack.names.productEvents()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  @Order(1)
  void poisonOfFourClassesIsParkedClassifiedAndNothingIsReplayedByItself() throws Exception {
    ProductWriters.write(slice.products, 1, 16);
    slice.publisher.publishPending();
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(differences()).isEmpty());

    // The index turns read-only: the next five events are refused (403) and dead-lettered.
    PoisonEvents.blockWrites(
        slice.stack.endpoints.elasticsearchUrl(), slice.stack.names.searchAlias(), true);
    try {
      List<Product> existing =
          slice
              .stack
              .db
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT * FROM products ORDER BY id LIMIT 2")
                          .map(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(Product.class))
                          .list());
      for (Product p : existing) {
        slice.products.update(p.id(), p.version(), ProductWriters.draft(900), WriteContext.none());
      }
      for (int i = 0; i < 3; i++) {
        slice.products.create(ProductWriters.draft(1000 + i), WriteContext.none());
      }
      slice
          .stack
          .db
          .jdbi()
          .useHandle(
              h ->
                  h.createQuery(
                          "SELECT aggregate_id, event_id FROM outbox_events WHERE status = 'PENDING'")
                      .map(
                          (rs, ctx) ->
                              Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                      .forEach(e -> blockedEvents.put(e.getKey(), e.getValue())));
      slice.publisher.publishPending();
      await().atMost(Duration.ofSeconds(60)).until(() -> dlqRecords() == 5);
    } finally {
      PoisonEvents.blockWrites(
          slice.stack.endpoints.elasticsearchUrl(), slice.stack.names.searchAlias(), false);
    }
    String topic = slice.stack.names.productEvents();
    for (ProducerRecord<byte[], byte[]> r :
        List.of(
            PoisonEvents.notJson(topic), PoisonEvents.withoutEventIdHeader(topic),
            PoisonEvents.unknownSchema(topic), PoisonEvents.unknownSchema(topic),
            PoisonEvents.withoutTitle(topic), PoisonEvents.withoutTitle(topic))) {
      slice.raw.send(r).get();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> dlqRecords() == 11);
    // The read model misses exactly the five refused events (poison of unknown products adds
    // nothing).
    Set<String> stale =
        differences().stream()
            .map(d -> d.substring(0, d.indexOf(':')).replaceAll("\\..*", ""))
            .collect(Collectors.toSet());
    assertThat(stale)
        .isEqualTo(blockedEvents.keySet().stream().map(UUID::toString).collect(Collectors.toSet()));

    TriageClient supervisor = new TriageClient(slice.stack.client, slice.stack.names);
    assertThat(supervisor.ensureRunning()).isTrue();
    assertThat(supervisor.ensureRunning()).isFalse();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("status", "true").getOrDefault("PARKED", 0L) == 11);
    assertThat(count("error_class", "status = 'PARKED'"))
        .isEqualTo(
            Map.of("validation", 5L, "malformed", 2L, "schema_mismatch", 2L, "missing_field", 2L));
    assertThat(count("attempts::text", "true")).isEqualTo(Map.of("3", 11L));
    assertThat(count("original_topic", "true")).isEqualTo(Map.of(topic, 11L));
    Set<UUID> parkedValidation =
        Set.copyOf(
            slice
                .stack
                .db
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT event_id FROM dlq_entries WHERE error_class = 'validation'")
                            .mapTo(UUID.class)
                            .list()));
    assertThat(parkedValidation).isEqualTo(Set.copyOf(blockedEvents.values()));

    // Several idle reads later nothing was republished or resolved by itself.
    long end = productEventsEnd();
    await()
        .during(Duration.ofSeconds(7))
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                count("status", "true").equals(Map.of("PARKED", 11L)) && productEventsEnd() == end);
    JsonNode summary = TemporalCli.query(triageId, "summary");
    assertThat(summary.path("parked").asLong()).isEqualTo(11);
    assertThat(summary.path("processed").asLong()).isEqualTo(11);
    assertThat(summary.path("paused").asBoolean(true)).isFalse();
    assertThat(summary.path("oldestParkedAt").asText()).isNotBlank();
    assertThat(summary.path("summary").path("counts").toString()).contains("schema_mismatch");
  }

  @Test
  @Order(2)
  void aReplaySignalAfterTheFixIndexesTheValidationClassWithItsOriginalEventIds() throws Exception {
    TemporalCli.signal(triageId, "replay", "{\"class\":\"validation\"}");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("status", "error_class = 'validation'").equals(Map.of("REPLAYED", 5L)));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(differences()).isEmpty());
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> docs =
        ReadModel.documents(slice.es, slice.stack.names.searchAlias());
    blockedEvents.forEach(
        (product, event) ->
            assertThat(docs.get(product.toString()).path("event_id").asText())
                .isEqualTo(event.toString()));
    assertThat(count("replayed_to || ' by ' || resolved_by", "status = 'REPLAYED'"))
        .isEqualTo(Map.of(slice.stack.names.productEvents() + " by signal", 5L));
    assertThat(dlqRecords()).isEqualTo(11);
  }

  @Test
  @Order(3)
  void aDiscardSignalMarksEntriesWithoutPublishingAnything() throws Exception {
    long end = productEventsEnd();

    TemporalCli.signal(triageId, "discard", "{\"class\":\"malformed\"}");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("status", "error_class = 'malformed'").equals(Map.of("DISCARDED", 2L)));
    assertThat(productEventsEnd()).isEqualTo(end);
    assertThat(count("status", "error_class <> 'malformed'"))
        .isEqualTo(Map.of("PARKED", 4L, "REPLAYED", 5L));
  }

  @Test
  @Order(4)
  void aReplayedEventThatFailsAgainComesBackAsANewParkedEntryNotALoop() throws Exception {
    TemporalCli.signal(triageId, "replay", "{\"class\":\"missing_field\"}");

    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                count("status", "error_class = 'missing_field'")
                    .equals(Map.of("REPLAYED", 2L, "PARKED", 2L)));
    assertThat(count("attempts::text", "error_class = 'missing_field'"))
        .isEqualTo(Map.of("3", 2L, "6", 2L));
    long distinctEvents =
        slice
            .stack
            .db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(DISTINCT event_id) FROM dlq_entries WHERE error_class = 'missing_field'")
                        .mapTo(Long.class)
                        .one());
    assertThat(distinctEvents).isEqualTo(2);
    await()
        .during(Duration.ofSeconds(7))
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                count("status", "error_class = 'missing_field'")
                        .equals(Map.of("REPLAYED", 2L, "PARKED", 2L))
                    && dlqRecords() == 13);
  }
}
