package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.EventType;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.outbox.OneShotPublisher;
import io.catalog.workers.testing.ItStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bench's clean-up never loses an event: when the soft deletes of its API products are not
 * published in time (here: no relay runs), their rows and outbox rows stay, and once the relay
 * publishes them every product's last record in {@code product.events} is its delete, so no replay
 * can bring a bench product back into search.
 */
@Tag("invariant")
class BenchCleanupIT {
  @Test
  void unpublishedDeletesKeepTheirRowsUntilTheRelayPublishesThem() throws Exception {
    try (ItStack it = ItStack.create();
        BenchContext ctx =
            new BenchContext(
                new BenchTargets("http://127.0.0.1:1", it.endpoints()), BenchPlan.quick())) {
      try (TopicProvisioner topics = TopicProvisioner.connect(it.endpoints.kafkaBootstrap())) {
        topics.provision(TopicSpec.platformTopics(it.names, 3));
      }
      ctx.provisionTopics(ctx.benchNames);
      ProductService service = new ProductService(it.db.jdbi(), it.names);
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ProductDraft d = ProductWriters.draft(i);
        ids.add(
            service
                .create(
                    new ProductDraft(ctx.apiSeller, d.title(), d.price(), d.currency(), d.stock()),
                    WriteContext.none())
                .id());
      }
      List<String> said = new ArrayList<>();

      new BenchCleanup(ctx, said::add, Duration.ofSeconds(1)).run();

      assertThat(said).anySatisfy(line -> assertThat(line).contains("their rows stay"));
      // The run's topic stays to mark the rows, so the next bench run finds and removes them.
      assertThat(ctx.kafka.listTopics().names().get(15, TimeUnit.SECONDS))
          .contains(ctx.benchNames.productEvents())
          .doesNotContain(ctx.benchNames.productCommands());
      assertThat(count(it, "SELECT count(*) FROM products WHERE deleted_at IS NOT NULL"))
          .isEqualTo(20);
      assertThat(count(it, "SELECT count(*) FROM outbox_events WHERE status = 'PENDING'"))
          .isEqualTo(40);

      try (OneShotPublisher relay = OneShotPublisher.connect(it.config(Map.of()))) {
        relay.publishPending();
      }
      Map<String, String> lastType = new HashMap<>();
      for (ConsumerRecord<String, String> r :
          TopicReader.readAll(it.endpoints.kafkaBootstrap(), it.names.productEvents())) {
        lastType.put(
            r.key(),
            new String(
                r.headers().lastHeader(EventEnvelope.HEADER_EVENT_TYPE).value(),
                StandardCharsets.UTF_8));
      }
      assertThat(lastType).hasSize(20);
      assertThat(lastType.values()).containsOnly(EventType.DELETED.wireName());
    }
  }

  /**
   * A run's deleted rows are vacuumed by its clean-up, not left to autovacuum to clean up in the
   * next run's measured windows ({@code vacuum_count} counts manual vacuums only).
   */
  @Test
  void theTablesTheRunEmptiedAreVacuumed() throws Exception {
    try (ItStack it = ItStack.create();
        BenchContext ctx =
            new BenchContext(
                new BenchTargets("http://127.0.0.1:1", it.endpoints()), BenchPlan.quick())) {
      ctx.provisionTopics(ctx.benchNames);
      ProductService service = new ProductService(it.db.jdbi(), it.names);
      for (int i = 0; i < 20; i++) {
        ProductDraft d = ProductWriters.draft(i);
        service.create(
            new ProductDraft(ctx.rawSeller, d.title(), d.price(), d.currency(), d.stock()),
            WriteContext.none());
      }
      List<String> said = new ArrayList<>();

      new BenchCleanup(ctx, said::add, Duration.ofSeconds(1)).run();

      assertThat(said)
          .anySatisfy(line -> assertThat(line).contains("vacuumed outbox_events and products"));
      assertThat(count(it, "SELECT count(*) FROM products")).isZero();
      assertThat(count(it, "SELECT count(*) FROM outbox_events")).isZero();
      assertThat(
              count(
                  it,
                  "SELECT count(*) FROM pg_stat_user_tables WHERE vacuum_count > 0"
                      + " AND relname IN ('outbox_events', 'products')"))
          .isEqualTo(2);
    }
  }

  private static long count(ItStack it, String sql) {
    return it.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
