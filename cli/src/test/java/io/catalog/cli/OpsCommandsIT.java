package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.product.ProductService;
import io.catalog.search.SearchClients;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workers.projection.ProjectionService;
import io.catalog.workers.testing.ItStack;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The ops commands of `./platform` against a real stack slice, run in-process as a user would. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsCommandsIT {
  static ItStack stack;
  static ProductService products;
  static ElasticsearchClient es;
  static Producer<byte[], byte[]> dlq;

  @BeforeAll
  static void start() {
    stack = CliRun.sliceForCommands();
    products = new ProductService(stack.db.jdbi(), stack.names);
    es = SearchClients.create(stack.endpoints.elasticsearchUrl());
    dlq = DeadLetterProducers.create(stack.endpoints.kafkaBootstrap(), "ops-it");
  }

  @AfterAll
  static void stop() throws Exception {
    dlq.close();
    es.close();
    stack.close();
  }

  static CliRun platform(String... args) {
    return CliRun.platform(args);
  }

  static ProjectionService projection() {
    return new ProjectionService(
            stack.endpoints.kafkaBootstrap(),
            es,
            dlq,
            stack.names,
            ProjectionService.Settings.defaults(),
            new MetricRegistry())
        .start();
  }

  @Test
  @Order(1)
  void processOutboxPublishesEverythingPendingAndSaysHowMany() throws Exception {
    long events = ProductWriters.write(products, 2, 16);

    CliRun run = platform("process-outbox", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.json().get(0).get("published").asLong()).isEqualTo(events);
    assertThat(stack.db.count("status <> 'PUBLISHED'")).isZero();
    CliRun again = platform("process-outbox");
    assertThat(again.out()).contains("PUBLISHED").containsPattern("(?m)^0\\s");
  }

  @Test
  @Order(2)
  void outboxFailedListsGivenUpRowsAndRetryPutsThemBack() throws Exception {
    stack
        .db
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE outbox_events SET status = 'FAILED', attempts = 10, last_error = 'RecordTooLargeException: test'"
                        + " WHERE id IN (SELECT id FROM outbox_events ORDER BY id LIMIT 2)"));

    CliRun failed = platform("outbox", "failed", "--json");
    assertThat(failed.exit()).isZero();
    assertThat(failed.json()).hasSize(2);
    assertThat(failed.json().get(0).get("last_error").asText()).contains("RecordTooLarge");
    CliRun table = platform("outbox", "failed");
    assertThat(table.out()).startsWith("ID").contains("RecordTooLargeException");

    CliRun retry = platform("outbox", "retry", "--all-failed");
    assertThat(retry.out()).contains("put 2 FAILED row(s) back to PENDING");
    assertThat(stack.db.count("status = 'FAILED'")).isZero();
    assertThat(platform("outbox", "status", "--json").json().get(0).get("pending").asLong())
        .isEqualTo(2);
    platform("process-outbox");
  }

  @Test
  @Order(3)
  void rewindRefusesTheCommandGroupAndGroupsWithActiveMembersThenRebuildsFromEarliest()
      throws Exception {
    CliRun command =
        platform(
            "rewind", "--group", "product-command-consumer-group", "--to-earliest", "--execute");
    assertThat(command.exit()).isEqualTo(1);
    assertThat(command.err()).contains("refusing to rewind").contains("never rewound");

    ProjectionService live = projection();
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(stack.readModelDifferences(es)).isEmpty());
    CliRun busy =
        platform(
            "rewind", "--group", "product-event-projection-group", "--to-earliest", "--execute");
    assertThat(busy.exit()).isEqualTo(1);
    assertThat(busy.err()).contains("active member");

    CliRun lag = platform("lag", "--json");
    assertThat(lag.exit()).as(lag.err()).isZero();
    assertThat(lag.json()).hasSize(3);
    lag.json().forEach(row -> assertThat(row.get("lag").asText()).isEqualTo("0"));
    live.close();

    // The read model is lost: the alias now points at a fresh, empty index.
    var indexes = new io.catalog.search.index.SearchIndexes(es, stack.names);
    indexes.switchAlias(
        indexes.createIndex(
            io.catalog.search.index.MappingVersion.NEWEST,
            java.time.Instant.now().plusSeconds(5),
            false));
    assertThat(ReadModel.documents(es, stack.names.searchAlias())).isEmpty();
    CliRun plan =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    platform(
                        "rewind", "--group", "product-event-projection-group", "--to-earliest"),
                r -> r.exit() == 0);
    assertThat(plan.out()).contains("NEW-OFFSET").contains("dry run");
    CliRun execute =
        platform(
            "rewind",
            "--group",
            "product-event-projection-group",
            "--to-earliest",
            "--execute",
            "--json");
    assertThat(execute.exit()).as(execute.err()).isZero();
    execute.json().forEach(row -> assertThat(row.get("new_offset").asLong()).isZero());

    ProjectionService again = projection();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(stack.readModelDifferences(es)).isEmpty());
    } finally {
      again.close();
    }
  }

  @Test
  @Order(4)
  void badArgumentsExitNonZeroWithAOneLineReason() {
    CliRun missing = platform("rewind", "--group", "g");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required");
    CliRun badTime = platform("rewind", "--group", "g", "--to-datetime", "yesterday");
    assertThat(badTime.exit()).as(badTime.err()).isEqualTo(2);
    assertThat(badTime.err()).contains("ISO-8601");
    CliRun badId = platform("outbox", "retry", "abc");
    assertThat(badId.exit()).isEqualTo(2);
  }
}
