package io.catalog.workers.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.WriteContext;
import io.catalog.operations.dlq.TriageClient;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.testkit.PrefixCleanup;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workers.testing.ProjectionSlice;
import io.catalog.workflows.dlq.DlqActionResult;
import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqTriageWorkflow;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildResult;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A dead-letter replay never puts a product's old version at the head of the compacted {@code
 * product.events}: three updates are dead-lettered, then one product is updated again and one
 * deleted; the replay republishes only the event that is still current and marks the other two
 * SKIPPED. Compaction is simulated by keeping the last record of every key; a rebuild from Kafka
 * over that compacted copy equals the database.
 */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class StaleReplayIT {
  static ProjectionSlice slice;
  static ProjectionOpsWorker worker;

  @BeforeAll
  static void start() {
    slice = ProjectionSlice.start(new MetricRegistry());
    worker = ProjectionOpsWorker.start(slice.stack);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      slice
          .stack
          .client
          .newUntypedWorkflowStub(slice.stack.names.dlqTriageWorkflowId())
          .terminate("test finished");
    } catch (RuntimeException e) {
      // never started
    }
    worker.close();
    slice.close();
  }

  static Map<UUID, String> statusByProduct() {
    return slice
        .stack
        .db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT record_key, status FROM dlq_entries")
                    .map((rs, ctx) -> Map.entry(UUID.fromString(rs.getString(1)), rs.getString(2)))
                    .list())
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @Test
  void
      aReplayOfEventsOlderThanTheirProductSkipsThemAndAKafkaRebuildAfterCompactionEqualsTheDatabase()
          throws Exception {
    Product updatedLater = slice.products.create(ProductWriters.draft(1), WriteContext.none());
    Product deletedLater = slice.products.create(ProductWriters.draft(2), WriteContext.none());
    Product current = slice.products.create(ProductWriters.draft(3), WriteContext.none());
    slice.publisher.publishPending();
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty());

    // Version 2 of each is refused by a read-only index and dead-lettered.
    PoisonEvents.blockWrites(
        slice.stack.endpoints.elasticsearchUrl(), slice.stack.names.searchAlias(), true);
    try {
      for (Product p : List.of(updatedLater, deletedLater, current)) {
        slice.products.update(p.id(), 1, ProductWriters.draft(100), WriteContext.none());
      }
      slice.publisher.publishPending();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  TopicReader.readAll(
                              slice.stack.endpoints.kafkaBootstrap(),
                              slice.stack.names.dlqProductEvents())
                          .size()
                      == 3);
    } finally {
      PoisonEvents.blockWrites(
          slice.stack.endpoints.elasticsearchUrl(), slice.stack.names.searchAlias(), false);
    }
    // Then two of them move on: version 3 of one, a deletion (version 3) of another.
    slice.products.update(updatedLater.id(), 2, ProductWriters.draft(200), WriteContext.none());
    slice.products.delete(deletedLater.id(), 2L, WriteContext.none());
    slice.publisher.publishPending();

    TriageClient supervisor = new TriageClient(slice.stack.client, slice.stack.names);
    supervisor.ensureRunning();
    await().atMost(Duration.ofSeconds(60)).until(() -> statusByProduct().size() == 3);
    DlqTriageWorkflow triage =
        slice.stack.client.newWorkflowStub(
            DlqTriageWorkflow.class, slice.stack.names.dlqTriageWorkflowId());
    triage.replay(DlqFilter.all().requestedBy("stale-replay-it"));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                statusByProduct()
                    .equals(
                        Map.of(
                            updatedLater.id(),
                            "SKIPPED",
                            deletedLater.id(),
                            "SKIPPED",
                            current.id(),
                            "REPLAYED")));
    await().atMost(Duration.ofSeconds(30)).until(() -> triage.summary().lastAction() != null);
    DlqActionResult result = triage.summary().lastAction();
    assertThat(result.matched()).isEqualTo(3);
    assertThat(result.done()).isEqualTo(1);
    assertThat(result.stale()).isEqualTo(2);
    assertThat(result.staleEntryIds()).hasSize(2);
    assertThat(result.skipped()).isZero();
    assertThat(triage.summary().summary().skipped()).isEqualTo(2);
    List<String> reasons =
        slice
            .stack
            .db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT resolution FROM dlq_entries WHERE status = 'SKIPPED' ORDER BY resolution")
                        .mapTo(String.class)
                        .list());
    assertThat(reasons)
        .containsExactly(
            "stale: product at version 3 (deleted), event version 2",
            "stale: product at version 3, event version 2");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty());

    // Compaction keeps the last record of each key: it must be each product's current version.
    Map<String, ConsumerRecord<String, String>> compacted = new LinkedHashMap<>();
    TopicReader.readAll(slice.stack.endpoints.kafkaBootstrap(), slice.stack.names.productEvents())
        .forEach(r -> compacted.put(r.key(), r));
    for (Product p : List.of(updatedLater, deletedLater, current)) {
      long rowVersion =
          slice
              .stack
              .db
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT version FROM products WHERE id = :id")
                          .bind("id", p.id())
                          .mapTo(Long.class)
                          .one());
      JsonNode head = Json.mapper().readTree(compacted.get(p.id().toString()).value());
      assertThat(head.path("aggregate_version").asLong())
          .as("head of %s", p.id())
          .isEqualTo(rowVersion);
    }

    assertThat(rebuildFromKafka(compacted.values())).isEmpty();
  }

  /**
   * Copies {@code records} to the {@code product.events} of a second name prefix and rebuilds that
   * prefix's index from Kafka with the real rebuild workflow; returns the index's differences with
   * the database.
   */
  static List<String> rebuildFromKafka(Iterable<ConsumerRecord<String, String>> records)
      throws Exception {
    PlatformNames compacted = PlatformNames.withPrefix(slice.stack.names.prefix() + "compacted-");
    WorkerFactory factory = WorkerFactory.newInstance(slice.stack.client);
    try {
      try (TopicProvisioner topics =
          TopicProvisioner.connect(slice.stack.endpoints.kafkaBootstrap())) {
        assertThat(topics.provision(TopicSpec.platformTopics(compacted, 3))).isEmpty();
      }
      for (ConsumerRecord<String, String> r : records) {
        ProducerRecord<byte[], byte[]> copy =
            new ProducerRecord<>(
                compacted.productEvents(), null, bytes(r.key()), bytes(r.value()), r.headers());
        slice.raw.send(copy).get();
      }
      Worker rebuilder =
          factory.newWorker(compacted.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
      RebuildWorkers.register(
          rebuilder,
          slice.stack.db.jdbi(),
          slice.es,
          slice.stack.endpoints.kafkaBootstrap(),
          compacted,
          new MetricRegistry());
      factory.start();
      RebuildClient rebuilds = new RebuildClient(slice.stack.client, compacted);
      rebuilds.start(RebuildInput.fromKafka());
      RebuildResult result = rebuilds.await(Duration.ofMinutes(3));
      assertThat(result.source()).isEqualTo(RebuildInput.KAFKA);
      return ReadModel.differences(slice.stack.db.jdbi(), slice.es, compacted.searchAlias());
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      PrefixCleanup.run(
          slice.stack.client,
          slice.stack.endpoints.kafkaBootstrap(),
          slice.stack.endpoints.elasticsearchUrl(),
          compacted,
          List.of());
    }
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
