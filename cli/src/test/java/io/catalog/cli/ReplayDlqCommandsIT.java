package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.operations.dlq.TriageClient;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.dlq.PoisonEvents;
import io.catalog.workers.dlq.ProjectionOpsWorker;
import io.catalog.workers.outbox.OneShotPublisher;
import io.catalog.workers.projection.ProjectionService;
import io.catalog.workers.replay.ReplayEvents;
import io.catalog.workers.testing.ItStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./platform replay} and {@code ./platform dlq} against a real stack slice, run in-process
 * as a user would. The dead-letter commands run with the workers down: they need only Postgres and
 * Kafka.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayDlqCommandsIT {
  static ItStack stack;
  static ElasticsearchClient es;
  static ProductService products;
  static ProjectionOpsWorker worker;
  static long events;

  @BeforeAll
  static void start() throws Exception {
    stack = CliRun.sliceForCommands();
    products = new ProductService(stack.db.jdbi(), stack.names);
    es = SearchClients.create(stack.endpoints.elasticsearchUrl());
    new SearchIndexes(es, stack.names).ensureAlias();
    events =
        ReplayEvents.write(
            stack.db.jdbi(), stack.endpoints.kafkaBootstrap(), stack.names.productEvents(), 3000);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      stack
          .client
          .newUntypedWorkflowStub(stack.names.dlqTriageWorkflowId())
          .terminate("test finished");
    } catch (RuntimeException e) {
      // not running
    }
    if (worker != null) {
      worker.close();
    }
    try (Admin admin = admin()) {
      admin
          .deleteTopics(List.of(stack.names.prefix() + "product.events.v2"))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // not created
    }
    try {
      var indexes = new SearchIndexes(es, stack.names);
      es.indices().deleteAlias(d -> d.index("*").name(indexes.alias()));
      for (var index : indexes.listIndices()) {
        indexes.deleteIndex(index.name());
      }
    } finally {
      es.close();
      stack.close();
    }
  }

  static CliRun platform(String... args) {
    return CliRun.platform(args);
  }

  static List<String> differences() {
    return stack.readModelDifferences(es);
  }

  @Test
  @Order(1)
  void replayFollowDrawsAProgressBarUntilTheReplayCompletesAndStatusReportsIt() throws Exception {
    worker = ProjectionOpsWorker.start(stack);
    assertThat(differences()).hasSize(3000);

    CliRun run = platform("replay", "--from", "earliest", "--batch-size", "500", "--follow");

    assertThat(run.exit()).as(run.err()).isZero();
    String id = run.out().lines().findFirst().orElseThrow().replace("started replay ", "");
    assertThat(id).startsWith(stack.names.prefix() + "replay-product-event-projection-group-");
    assertThat(run.out())
        .contains("temporal workflow signal --workflow-id " + id + " --name pause")
        .contains("tctl workflow signal -w " + id + " -n pause")
        .contains("temporal workflow signal --workflow-id " + id + " --name resume")
        .contains("\r[##############################] 100.0%  " + events + "/" + events)
        .contains("replay " + id + " COMPLETED");
    assertThat(differences()).isEmpty();

    CliRun status = platform("replay", "status", id, "--json");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.json().path("status").asText()).isEqualTo("COMPLETED");
    assertThat(status.json().path("progress").path("processed").asLong()).isEqualTo(events);
    assertThat(status.json().path("result").path("records").asLong()).isEqualTo(events);
    CliRun table = platform("replay", "status", id);
    assertThat(table.out())
        .startsWith("WORKFLOW-ID")
        .contains("COMPLETED")
        .contains("completed")
        .contains("PARTITION");
  }

  @Test
  @Order(2)
  void aReplayPausedBeforeAWorkerPicksItUpWaitsUntilResumed() throws Exception {
    worker.close();
    CliRun start = platform("replay", "--from", "0:0", "--json");
    assertThat(start.exit()).as(start.err()).isZero();
    String id = start.json().path("workflow_id").asText();
    assertThat(start.json().path("pause").asText())
        .isEqualTo("temporal workflow signal --workflow-id " + id + " --name pause");

    assertThat(platform("replay", "pause", id, "--note", "reindex window, ops-14").out())
        .contains("sent pause to " + id);
    worker = ProjectionOpsWorker.start(stack);
    JsonNode paused =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () -> platform("replay", "status", id, "--json").json().path("progress"),
                p -> "paused".equals(p.path("phase").asText()));
    assertThat(paused.path("processed").asLong()).isZero();
    assertThat(paused.path("total").asLong()).isPositive();
    assertThat(paused.path("pauseNote").asText()).isEqualTo("reindex window, ops-14");
    assertThat(platform("replay", "status", id).out())
        .contains("pause note: reindex window, ops-14");

    assertThat(platform("replay", "resume", id).exit()).isZero();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> platform("replay", "status", id, "--json").json().path("status").asText(),
            "COMPLETED"::equals);
    CliRun late = platform("replay", "pause", id);
    assertThat(late.exit()).isEqualTo(1);
    assertThat(late.err()).startsWith("platform: ").doesNotContain("\n\tat ");
  }

  @Test
  @Order(3)
  void badReplayInputExitsWithAUsageError() {
    CliRun bad = platform("replay", "--from", "yesterday");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("from must be 'earliest', an ISO-8601 time");
    assertThat(platform("replay", "--batch-size", "0").exit()).isEqualTo(2);
    CliRun blankNote = platform("replay", "pause", "replay-x", "--note", " ");
    assertThat(blankNote.exit()).isEqualTo(2);
    assertThat(blankNote.err()).contains("--note must be between 1 and 500 characters, was 1");
  }

  @Test
  @Order(4)
  void deadLettersAreListedShownReplayedAfterTheFixRetargetedAndDiscardedWithTheWorkersDown()
      throws Exception {
    Map<UUID, UUID> refused = new HashMap<>();
    Producer<byte[], byte[]> dlqProducer =
        DeadLetterProducers.create(stack.endpoints.kafkaBootstrap(), "cli-it");
    String topic = stack.names.productEvents();
    try (dlqProducer;
        OneShotPublisher publisher = OneShotPublisher.connect(stack.config(Map.of()));
        Producer<byte[], byte[]> raw =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints.kafkaBootstrap(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        ProjectionService live =
            new ProjectionService(
                    stack.endpoints.kafkaBootstrap(),
                    es,
                    dlqProducer,
                    stack.names,
                    new ProjectionService.Settings(500, 3),
                    new MetricRegistry())
                .start()) {
      // The live consumer has read everything so far (a blocked index would refuse those too).
      await().atMost(Duration.ofSeconds(90)).until(() -> caughtUp(topic));
      // Three events meet a read-only index and are dead-lettered as `validation`.
      PoisonEvents.blockWrites(stack.endpoints.elasticsearchUrl(), stack.names.searchAlias(), true);
      try {
        for (int i = 0; i < 3; i++) {
          products.create(ProductWriters.draft(5000 + i), WriteContext.none());
        }
        stack
            .db
            .jdbi()
            .useHandle(
                h ->
                    h.createQuery(
                            "SELECT aggregate_id, event_id FROM outbox_events WHERE status = 'PENDING'")
                        .map(
                            (rs, ctx) ->
                                Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                        .forEach(e -> refused.put(e.getKey(), e.getValue())));
        publisher.publishPending();
        await().atMost(Duration.ofSeconds(60)).until(() -> dlq().size() == 3);
      } finally {
        PoisonEvents.blockWrites(
            stack.endpoints.elasticsearchUrl(), stack.names.searchAlias(), false);
      }
      for (ProducerRecord<byte[], byte[]> r :
          List.of(
              PoisonEvents.unknownSchema(topic),
              PoisonEvents.unknownSchema(topic),
              PoisonEvents.notJson(topic),
              PoisonEvents.withoutTitle(topic))) {
        raw.send(r).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> dlq().size() == 7);

      // The triage parks them; then the workers go down.
      new TriageClient(stack.client, stack.names).ensureRunning();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> platform("dlq", "list", "--json").json().size() == 7);
      stack
          .client
          .newUntypedWorkflowStub(stack.names.dlqTriageWorkflowId())
          .terminate("workers down");
      worker.close();
      worker = null;

      CliRun list = platform("dlq", "list");
      assertThat(list.exit()).as(list.err()).isZero();
      assertThat(list.out())
          .startsWith("ID")
          .contains("EVENT-ID")
          .contains("CLASS")
          .contains("7 PARKED (oldest failed at ")
          .contains("0 REPLAYED");
      JsonNode validation =
          platform("dlq", "list", "--class", "validation", "--status", "PARKED", "--json").json();
      assertThat(validation).hasSize(3);
      Set<String> ids = Set.copyOf(validation.findValuesAsText("event_id"));
      assertThat(ids)
          .isEqualTo(refused.values().stream().map(UUID::toString).collect(Collectors.toSet()));
      assertThat(validation.get(0).path("exception").asText())
          .contains("elasticsearch.cluster_block_exception");

      String eventId = validation.get(0).path("event_id").asText();
      CliRun show = platform("dlq", "show", eventId);
      assertThat(show.exit()).as(show.err()).isZero();
      assertThat(show.out())
          .contains("PARKED  validation")
          .contains("event_id: " + eventId)
          .contains("dlq.attempts: 3")
          .contains("dlq.original.topic: " + topic)
          .containsPattern("value:\\s+\\{.*\"event_id\":\\s*\"" + eventId + "\"");
      assertThat(
              platform("dlq", "show", validation.get(0).path("id").asText(), "--json")
                  .json()
                  .get(0)
                  .path("headers")
                  .isArray())
          .isTrue();

      // Dry run: says what, changes nothing.
      CliRun dry = platform("dlq", "replay", "--class", "validation", "--dry-run");
      assertThat(dry.out())
          .contains("dry run: would replay 3 of 3 PARKED dead letter(s) {class=validation}");
      assertThat(platform("dlq", "list", "--status", "PARKED", "--json").json()).hasSize(7);

      // The index is writable again: the refused events are indexed with their original ids.
      CliRun replay = platform("dlq", "replay", "--class", "validation");
      assertThat(replay.exit()).as(replay.err()).isZero();
      assertThat(replay.out())
          .startsWith("replayed 3 of 3 PARKED dead letter(s) {class=validation}");
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(differences()).isEmpty());
      Map<String, ObjectNode> docs = ReadModel.documents(es, stack.names.searchAlias());
      refused.forEach(
          (product, event) ->
              assertThat(docs.get(product.toString()).path("event_id").asText())
                  .isEqualTo(event.toString()));
      JsonNode replayed = platform("dlq", "list", "--status", "REPLAYED", "--json").json();
      assertThat(replayed).hasSize(3);
      assertThat(dlq()).hasSize(7);
      assertThat(
              platform("dlq", "show", eventId, "--json").json().get(0).path("replayed_to").asText())
          .isEqualTo(topic);

      // A newer consumer reads that schema from its own topic: replay there, byte for byte.
      String v2 = stack.names.prefix() + "product.events.v2";
      try (Admin admin = admin()) {
        admin.createTopics(List.of(new NewTopic(v2, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      CliRun retarget =
          platform(
              "dlq",
              "replay",
              "--class",
              "schema_mismatch",
              "--target",
              "product.events.v2",
              "--json");
      assertThat(retarget.exit()).as(retarget.err()).isZero();
      assertThat(retarget.json().path("done").asLong()).isEqualTo(2);
      List<ConsumerRecord<String, String>> moved =
          TopicReader.readAll(stack.endpoints.kafkaBootstrap(), v2);
      List<ConsumerRecord<String, String>> dead =
          dlq().stream()
              .filter(r -> header(r, "dlq.exception.class").contains("UnsupportedSchema"))
              .toList();
      assertThat(moved).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(moved.get(i).key()).isEqualTo(dead.get(i).key());
        assertThat(moved.get(i).value()).isEqualTo(dead.get(i).value());
        assertThat(header(moved.get(i), "event_id")).isEqualTo(header(dead.get(i), "event_id"));
        assertThat(header(moved.get(i), "dlq.attempts")).isEqualTo("3");
      }

      // Discard publishes nothing.
      long end = endOffsets(topic);
      assertThat(platform("dlq", "discard", "--class", "malformed", "--dry-run").out())
          .contains("would discard 1 of 1");
      CliRun discard = platform("dlq", "discard", "--class", "malformed");
      assertThat(discard.out())
          .startsWith("discarded 1 of 1 PARKED dead letter(s) {class=malformed}");
      assertThat(endOffsets(topic)).isEqualTo(end);
      assertThat(
              platform("dlq", "list", "--status", "PARKED", "--json")
                  .json()
                  .findValuesAsText("class"))
          .containsExactly("missing_field");

      CliRun typo = platform("dlq", "replay", "--class", "validaton");
      assertThat(typo.exit()).isEqualTo(1);
      assertThat(typo.err())
          .contains(
              "class must be one of schema_mismatch, missing_field, validation, malformed, unknown");
      CliRun loop =
          platform("dlq", "replay", "--class", "missing_field", "--target", "dlq.product.events");
      assertThat(loop.exit()).isEqualTo(1);
      assertThat(loop.err()).contains("refusing to replay into the dead-letter topic");
      CliRun nowhere =
          platform("dlq", "replay", "--class", "missing_field", "--target", "no.such.topic");
      assertThat(nowhere.exit()).isEqualTo(1);
      assertThat(nowhere.err()).contains("no.such.topic does not exist");
      assertThat(platform("dlq", "list", "--status", "PARKED", "--json").json()).hasSize(1);
    }
  }

  static List<ConsumerRecord<String, String>> dlq() {
    return TopicReader.readAll(stack.endpoints.kafkaBootstrap(), stack.names.dlqProductEvents());
  }

  static String header(ConsumerRecord<String, String> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints.kafkaBootstrap()));
  }

  static boolean caughtUp(String topic) throws Exception {
    try (Admin admin = admin()) {
      long committed =
          admin
              .listConsumerGroupOffsets(stack.names.projectionGroup())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS)
              .values()
              .stream()
              .mapToLong(o -> o == null ? 0 : o.offset())
              .sum();
      return committed == endOffsets(topic);
    }
  }

  static long endOffsets(String topic) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(i -> i.offset())
          .sum();
    }
  }
}
