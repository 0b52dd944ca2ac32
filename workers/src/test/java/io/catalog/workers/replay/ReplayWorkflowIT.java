package io.catalog.workers.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.operations.replay.ReplayClient;
import io.catalog.operations.replay.ReplayStatus;
import io.catalog.search.SearchClients;
import io.catalog.search.index.MappingVersion;
import io.catalog.search.index.SearchIndexes;
import io.catalog.testkit.ReadModel;
import io.catalog.workers.dlq.ProjectionOpsWorker;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.testing.ItStack;
import io.catalog.workflows.replay.ReplayInput;
import io.catalog.workflows.replay.ReplayPartition;
import io.catalog.workflows.replay.ReplayProgress;
import io.catalog.workflows.replay.ReplayResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replay of 54,166 events into an empty read model, paused and resumed by an operator with the
 * real {@code temporal} CLI, ends with Elasticsearch equal to the database, without touching the
 * live projection group's offsets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayWorkflowIT {
  private static final Logger log = LoggerFactory.getLogger(ReplayWorkflowIT.class);
  private static final int PRODUCTS = 50_000;

  static ItStack stack;
  static ElasticsearchClient es;
  static ProjectionOpsWorker worker;
  static ReplayClient replays;
  static long events;
  static Map<TopicPartition, Long> liveGroupOffsets = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    stack = ItStack.create();
    try (TopicProvisioner topics = TopicProvisioner.connect(stack.endpoints.kafkaBootstrap())) {
      assertThat(topics.provision(TopicSpec.platformTopics(stack.names, 3))).isEmpty();
    }
    es = SearchClients.create(stack.endpoints.elasticsearchUrl());
    new SearchIndexes(es, stack.names).ensureAlias();
    long begin = System.nanoTime();
    events =
        ReplayEvents.write(
            stack.db.jdbi(),
            stack.endpoints.kafkaBootstrap(),
            stack.names.productEvents(),
            PRODUCTS);
    log.info(
        "{} products and {} events written in {} ms",
        PRODUCTS,
        events,
        (System.nanoTime() - begin) / 1_000_000);
    // The live group has offsets of its own; a replay must leave them exactly as they are.
    for (int p = 0; p < 3; p++) {
      liveGroupOffsets.put(new TopicPartition(stack.names.productEvents(), p), 5L + p);
    }
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      liveGroupOffsets.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
      admin
          .alterConsumerGroupOffsets(stack.names.projectionGroup(), offsets)
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    worker = ProjectionOpsWorker.start(stack);
    replays = new ReplayClient(stack.client, stack.names);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (worker != null) {
        worker.close();
      }
      SearchIndexes indexes = new SearchIndexes(es, stack.names);
      es.indices().deleteAlias(d -> d.index("*").name(indexes.alias()));
      for (var index : indexes.listIndices()) {
        indexes.deleteIndex(index.name());
      }
    } finally {
      es.close();
      stack.close();
    }
  }

  static Admin admin() {
    return stack.kafkaAdmin();
  }

  /** The read model is lost: the alias points at a fresh, empty index. */
  static void emptyReadModel() throws Exception {
    SearchIndexes indexes = new SearchIndexes(es, stack.names);
    String previous = indexes.aliasTarget().orElseThrow();
    indexes.switchAlias(
        indexes.createIndex(MappingVersion.NEWEST, Instant.now().plusSeconds(1), false));
    indexes.deleteIndex(previous);
    assertThat(ReadModel.documents(es, stack.names.searchAlias())).isEmpty();
  }

  @Test
  @Order(1)
  void aReplayPausedAndResumedWithTheTemporalCliRebuildsTheReadModel() throws Exception {
    assertThat(events).isGreaterThanOrEqualTo(50_000);
    emptyReadModel();
    // Activities of a second: progress moves often enough to pause half-way through.
    ReplayInput input =
        new ReplayInput("earliest", 1000, 1, null, null, null, null, null, null, null, null, null);
    String id = replays.start(input, Instant.now()).getWorkflowId();
    assertThat(id)
        .matches(stack.names.prefix() + "replay-product-event-projection-group-\\d{8}T\\d{6}Z");
    await("replaying")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> replays.progress(id).processed() > 0);

    TemporalCli.signal(id, "pause", null);
    JsonNode paused =
        await("paused")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> TemporalCli.query(id, "progress"),
                p -> "paused".equals(p.path("phase").asText()));
    assertThat(paused.path("paused").asBoolean()).isTrue();
    assertThat(paused.path("total").asLong()).isEqualTo(events);
    assertThat(paused.path("processed").asLong()).isPositive().isLessThan(events);
    // Seconds pass while paused: the same position, to the offset.
    JsonNode later =
        await("still paused a few seconds later")
            .pollDelay(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(10))
            .until(() -> TemporalCli.query(id, "progress"), p -> true);
    assertThat(later.path("processed").asLong()).isEqualTo(paused.path("processed").asLong());
    assertThat(later.path("partitions")).isEqualTo(paused.path("partitions"));
    assertThat(later.path("phase").asText()).isEqualTo("paused");
    log.info("paused at {} of {}", later.path("processed").asLong(), events);

    TemporalCli.signal(id, "resume", null);
    ReplayResult result = replays.await(id, Duration.ofMinutes(4));

    assertThat(result.processed()).isEqualTo(events);
    assertThat(result.records()).isEqualTo(events);
    assertThat(result.skipped()).isZero();
    log.info(
        "replayed {} events in {} s of applying: {} events/s",
        result.records(),
        result.activeSeconds(),
        Math.round(result.ratePerSecond()));
    await("read model equals the database")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(stack.readModelDifferences(es)).isEmpty());
    ReplayStatus status = replays.status(id).orElseThrow();
    assertThat(status.status()).isEqualTo("COMPLETED");
    assertThat(status.progress().phase()).isEqualTo("completed");
    assertLiveGroupUntouched();
  }

  @Test
  @Order(2)
  void aReplayFromOffsetsCoversOnlyTheNamedPartitionsFromThere() throws Exception {
    String id = replays.start(ReplayInput.of("0:100,2:0", 2000), Instant.now()).getWorkflowId();

    ReplayResult result = replays.await(id, Duration.ofMinutes(2));

    ReplayProgress progress = replays.progress(id);
    Map<Integer, ReplayPartition> partitions = new HashMap<>();
    progress.partitions().forEach(p -> partitions.put(p.partition(), p));
    assertThat(partitions.get(0).start()).isEqualTo(100);
    assertThat(partitions.get(1).start()).isEqualTo(partitions.get(1).end());
    assertThat(partitions.get(2).start()).isZero();
    assertThat(result.total())
        .isEqualTo(partitions.get(0).end() - 100 + partitions.get(2).end())
        .isEqualTo(result.processed());
    // Everything is applied already: each record is a version the index holds (idempotent).
    assertThat(stack.readModelDifferences(es)).isEmpty();
    assertLiveGroupUntouched();
  }

  @Test
  @Order(3)
  void tctlPausesAndResumesAReplayTheSameWay() throws Exception {
    Path tctl = TemporalCli.requireTctl();
    String id = replays.start(ReplayInput.of("earliest", 200), Instant.now()).getWorkflowId();
    await("replaying")
        .atMost(Duration.ofMinutes(1))
        .until(() -> replays.progress(id).processed() > 0);

    TemporalCli.tctl(tctl, "workflow", "signal", "-w", id, "-n", "pause");
    JsonNode paused =
        await("paused, as tctl's progress query shows")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> TemporalCli.tctlQuery(tctl, id, "progress"),
                p -> "paused".equals(p.path("phase").asText()));
    JsonNode later =
        await("five seconds later")
            .pollDelay(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(15))
            .until(() -> TemporalCli.tctlQuery(tctl, id, "progress"), p -> true);
    assertThat(later.path("processed").asLong())
        .isEqualTo(paused.path("processed").asLong())
        .isLessThan(paused.path("total").asLong());
    assertThat(later.path("partitions")).isEqualTo(paused.path("partitions"));

    TemporalCli.tctl(tctl, "workflow", "signal", "-w", id, "-n", "resume");
    assertThat(replays.await(id, Duration.ofMinutes(3)).processed()).isEqualTo(events);
    assertThat(stack.readModelDifferences(es)).isEmpty();
    assertLiveGroupUntouched();
  }

  static void assertLiveGroupUntouched() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> now =
          admin
              .listConsumerGroupOffsets(stack.names.projectionGroup())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> offsets = new HashMap<>();
      now.forEach((tp, o) -> offsets.put(tp, o.offset()));
      assertThat(offsets).isEqualTo(liveGroupOffsets);
      assertThat(
              admin
                  .describeConsumerGroups(java.util.List.of(stack.names.projectionGroup()))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(stack.names.projectionGroup())
                  .members())
          .isEmpty();
    }
  }
}
