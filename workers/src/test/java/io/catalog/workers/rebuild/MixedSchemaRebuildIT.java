package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.testing.V1Outbox;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.junit.jupiter.api.Test;

/**
 * A rebuild from Kafka over a history of both schema versions: every product's first events were
 * written as version 1 (by the release before version 2), its later ones as version 2, under the
 * same key, so compaction keeps the newest whatever its version. The rebuilt index equals the
 * database field by field, categories included.
 */
class MixedSchemaRebuildIT {
  private static final int PRODUCTS = 300;

  @Test
  void aRebuildFromKafkaReadsVersionOneAndTwoOfTheSameProducts() throws Exception {
    try (RebuildHarness h = new RebuildHarness()) {
      h.awaitElasticsearch();
      h.seed(PRODUCTS);
      assertThat(V1Outbox.downgradePending(h.it.db.jdbi())).isGreaterThanOrEqualTo(PRODUCTS);
      h.startWorkerProcess();
      h.startRebuildWorker().start();
      h.awaitAllPublished(Duration.ofMinutes(2));

      List<Product> live =
          h.it
              .db
              .jdbi()
              .withHandle(
                  x ->
                      x.createQuery(
                              "SELECT * FROM products WHERE deleted_at IS NULL ORDER BY id LIMIT 100")
                          .map(ConstructorMapper.of(Product.class))
                          .list());
      for (int i = 0; i < live.size(); i++) {
        Product p = live.get(i);
        ProductDraft d = ProductWriters.draft(5000 + i);
        h.service.update(
            p.id(),
            p.version(),
            new ProductDraft(
                d.sellerId(), d.title(), d.price(), d.currency(), d.stock(), "shelf-" + (i % 3)),
            WriteContext.none());
      }
      h.awaitAllPublished(Duration.ofMinutes(2));

      Map<String, Set<String>> versionsByKey =
          TopicReader.readAll(h.it.endpoints.kafkaBootstrap(), h.it.names.productEvents()).stream()
              .collect(
                  Collectors.groupingBy(
                      ConsumerRecord::key,
                      Collectors.mapping(MixedSchemaRebuildIT::schemaVersion, Collectors.toSet())));
      assertThat(live)
          .allSatisfy(
              p -> assertThat(versionsByKey.get(p.id().toString())).containsExactly("1", "2"));

      h.rebuilds.start(RebuildInput.fromKafka());
      RebuildResult result = h.rebuilds.await(Duration.ofMinutes(5));
      assertThat(result.validation().ok()).isTrue();
      assertThat(h.aliasTarget()).isEqualTo(result.index());
      await("the rebuilt index equals the database")
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(() -> h.assertIndexEqualsDatabase(h.it.names.searchAlias()));
    }
  }

  private static String schemaVersion(ConsumerRecord<String, String> r) {
    var header = r.headers().lastHeader(EventEnvelope.HEADER_SCHEMA_VERSION);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
