package io.catalog.workers.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.WriteContext;
import io.catalog.operations.dlq.DeadLetterHeaders;
import io.catalog.operations.dlq.DlqClassifier;
import io.catalog.operations.dlq.TriageClient;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.dlq.ProjectionOpsWorker;
import io.catalog.workers.kafka.ConsumerFactory;
import io.catalog.workers.projection.ProjectionService;
import io.catalog.workers.replay.TemporalCli;
import io.catalog.workers.testing.ProjectionSlice;
import io.catalog.workers.testing.V1Outbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deploy of event schema version 2 (runbook 12), on the real stack. The previous release's
 * projection (it reads schema 1 only) is running when the new API starts writing version 2: it
 * applies the version 1 rows still in the outbox and dead-letters every version 2 event as {@code
 * schema_mismatch}, headers and all. The new release's projection takes over the same consumer
 * group, the triage parks the dead letters, an operator's {@code temporal workflow signal} replays
 * the class, and the read model ends equal to the database: each product's document carries its
 * last event, nothing lost, nothing applied twice.
 */
@Tag("invariant")
class RollingUpgradeIT {
  private static final int OLD_RELEASE_SCHEMA = 1;

  @Test
  void versionTwoEventsTheOldReleaseRefusedAreReplayedByTheNewOne() throws Exception {
    try (ProjectionSlice slice =
            ProjectionSlice.start(
                new MetricRegistry(), new ProjectionService.Settings(500, 3, OLD_RELEASE_SCHEMA));
        ProjectionOpsWorker opsWorker = ProjectionOpsWorker.start(slice.stack)) {
      // Before the deploy: the old API's rows (version 1) wait in the outbox.
      List<Product> before = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        before.add(slice.products.create(ProductWriters.draft(i), WriteContext.none()));
      }
      assertThat(V1Outbox.downgradePending(slice.stack.db.jdbi())).isEqualTo(12);
      slice.publisher.publishPending();
      await("the old release projects the version 1 events")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty());

      // The new API: creates with a category, updates and a delete, all version 2.
      for (int i = 0; i < 6; i++) {
        ProductDraft d = ProductWriters.draft(100 + i);
        slice.products.create(
            new ProductDraft(d.sellerId(), d.title(), d.price(), d.currency(), d.stock(), "desk"),
            WriteContext.none());
      }
      for (int i = 0; i < 4; i++) {
        Product p = before.get(i);
        ProductDraft d = ProductWriters.draft(200 + i);
        Product once =
            slice.products.update(
                p.id(),
                p.version(),
                new ProductDraft(
                    d.sellerId(), d.title(), d.price(), d.currency(), d.stock(), "lighting"),
                WriteContext.none());
        slice.products.update(once.id(), once.version(), d, WriteContext.none());
      }
      slice.products.delete(before.get(11).id(), before.get(11).version(), WriteContext.none());
      Map<UUID, UUID> versionTwo = pendingEventsByEventId(slice);
      assertThat(versionTwo).hasSize(6 + 8 + 1);
      slice.publisher.publishPending();

      String dlq = slice.stack.names.dlqProductEvents();
      String bootstrap = slice.stack.endpoints.kafkaBootstrap();
      await("the old release dead-letters every version 2 event")
          .atMost(Duration.ofSeconds(90))
          .until(() -> TopicReader.readAll(bootstrap, dlq).size() == versionTwo.size());
      for (ConsumerRecord<String, String> r : TopicReader.readAll(bootstrap, dlq)) {
        assertThat(header(r, EventEnvelope.HEADER_SCHEMA_VERSION))
            .isEqualTo(String.valueOf(ProductEventUpcaster.CURRENT));
        assertThat(header(r, DeadLetterHeaders.EXCEPTION_CLASS))
            .endsWith("UnsupportedSchemaException");
        assertThat(versionTwo)
            .containsKey(UUID.fromString(header(r, EventEnvelope.HEADER_EVENT_ID)));
      }
      assertThat(slice.stack.readModelDifferences(slice.es)).isNotEmpty();

      // The deploy: the new release's projection takes over the consumer group.
      slice.projection.close();
      try (ProjectionService newRelease =
          new ProjectionService(
                  ConsumerFactory.kafka(bootstrap),
                  slice.es,
                  slice.dlqProducer,
                  slice.stack.names,
                  new ProjectionService.Settings(500, 3),
                  new MetricRegistry())
              .start()) {
        TriageClient triage = new TriageClient(slice.stack.client, slice.stack.names);
        triage.ensureRunning();
        await("the triage parks them as schema_mismatch")
            .atMost(Duration.ofSeconds(90))
            .until(() -> parked(slice) == versionTwo.size());
        TemporalCli.signal(
            triage.workflowId(), "replay", "{\"class\":\"" + DlqClassifier.SCHEMA_MISMATCH + "\"}");

        await("the replayed events reach the read model")
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty());
        Map<String, ObjectNode> documents =
            ReadModel.documents(slice.es, slice.stack.names.searchAlias());
        Map<UUID, UUID> lastEvent = lastEventByProduct(slice);
        assertThat(documents).hasSize(lastEvent.size());
        lastEvent.forEach(
            (product, event) ->
                assertThat(documents.get(product.toString()).path("event_id").asText())
                    .as("product %s carries its last event", product)
                    .isEqualTo(event.toString()));
        assertThat(
                documents.values().stream()
                    .filter(d -> d.hasNonNull("category"))
                    .map(d -> d.get("category").asText())
                    .collect(Collectors.toList()))
            .containsOnly("desk")
            .hasSize(6);
        // Each updated product's first version 2 event is older than the product by the time the
        // triage replays: it is SKIPPED, never sent; every other dead letter is REPLAYED.
        assertThat(dlqEntries(slice, "status = 'REPLAYED'")).isEqualTo(versionTwo.size() - 4);
        assertThat(dlqEntries(slice, "status = 'SKIPPED'")).isEqualTo(4);
        slice.stack.client.newUntypedWorkflowStub(triage.workflowId()).terminate("test finished");
      }
    }
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Map<UUID, UUID> pendingEventsByEventId(ProjectionSlice slice) {
    Map<UUID, UUID> events = new HashMap<>();
    slice
        .stack
        .db
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT event_id, aggregate_id FROM outbox_events WHERE status = 'PENDING'")
                    .map(
                        (rs, ctx) ->
                            Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                    .forEach(e -> events.put(e.getKey(), e.getValue())));
    return events;
  }

  private static Map<UUID, UUID> lastEventByProduct(ProjectionSlice slice) {
    return slice
        .stack
        .db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT DISTINCT ON (aggregate_id) aggregate_id, event_id FROM outbox_events"
                            + " ORDER BY aggregate_id, aggregate_version DESC")
                    .map(
                        (rs, ctx) ->
                            Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                    .list())
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static long parked(ProjectionSlice slice) {
    return dlqEntries(
        slice, "status = 'PARKED' AND error_class = '" + DlqClassifier.SCHEMA_MISMATCH + "'");
  }

  private static long dlqEntries(ProjectionSlice slice, String where) {
    return slice
        .stack
        .db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM dlq_entries WHERE " + where)
                    .mapTo(Long.class)
                    .one());
  }
}
