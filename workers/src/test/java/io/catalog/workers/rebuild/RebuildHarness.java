package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.cat.indices.IndicesRecord;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.operations.rebuild.RebuildStatus;
import io.catalog.search.SearchClients;
import io.catalog.search.index.SearchIndexes;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.ReadModel;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.ItStack;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rebuild test class's world on the shared stack: its own database, name prefix (topics, alias,
 * indices, task queues, workflow ids), the real outbox publisher (so product changes reach {@code
 * product.events}), and a rebuild worker in this JVM.
 */
final class RebuildHarness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RebuildHarness.class);

  final ItStack it = ItStack.create();
  final ElasticsearchClient es = SearchClients.create(it.endpoints.elasticsearchUrl());
  final SearchIndexes indexes = new SearchIndexes(es, it.names);
  final ProductService service = new ProductService(it.db.jdbi(), it.names);
  final RebuildClient rebuilds = new RebuildClient(it.client, it.names);

  /** The rebuild worker's registry, as the workers' /metrics exports it. */
  final MetricRegistry metrics = new MetricRegistry();

  private Workers publisher;
  private WorkerFactory factory;

  /**
   * Waits until Elasticsearch answers: the stack is shared, and other test classes stop and restart
   * its servers to test their own outage handling.
   */
  void awaitElasticsearch() {
    await("Elasticsearch of the shared stack is up")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> es.cluster().health().status() != null);
  }

  /** Cancels a rebuild a failed test left running, and waits until it compensated. */
  void cancelLeftoverRebuild() {
    if (rebuilds.status().map(RebuildStatus::running).orElse(false)) {
      log.warn("cancelling a rebuild left running by the previous test");
      rebuilds.cancel();
      try {
        rebuilds.await(Duration.ofMinutes(2));
      } catch (Exception e) {
        log.info("leftover rebuild ended: {}", e.toString());
      }
    }
  }

  /**
   * The worker process of this prefix in this JVM: outbox publisher workflows, the live projection
   * (product.events through the alias) and the command consumer.
   */
  void startWorkerProcess() {
    publisher = Workers.start(it.config(Map.of("OUTBOX_SHARDS", "2")));
  }

  /** A factory in this JVM with the rebuild on this prefix's {@code projection-ops} queue. */
  WorkerFactory startRebuildWorker() {
    factory = WorkerFactory.newInstance(it.client);
    Worker worker =
        factory.newWorker(it.names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
    RebuildWorkers.register(
        worker, it.db.jdbi(), es, it.endpoints.kafkaBootstrap(), it.names, metrics);
    return factory;
  }

  /**
   * {@code products} products in transactions of 1,000; then every 10th is updated and every 25th
   * deleted, so the table holds several versions and deleted rows.
   */
  void seed(int products) {
    List<Product> created = new ArrayList<>(products);
    for (int from = 0; from < products; from += 1000) {
      int start = from;
      int end = Math.min(products, from + 1000);
      it.db
          .jdbi()
          .useTransaction(
              h -> {
                for (int i = start; i < end; i++) {
                  created.add(service.create(h, ProductWriters.draft(i), WriteContext.none()));
                }
              });
    }
    it.db
        .jdbi()
        .useTransaction(
            h -> {
              for (int i = 0; i < created.size(); i++) {
                Product p = created.get(i);
                if (i % 25 == 3) {
                  service.delete(h, p.id(), p.version(), WriteContext.none());
                } else if (i % 10 == 1) {
                  service.update(
                      h, p.id(), p.version(), ProductWriters.draft(i + 7), WriteContext.none());
                }
              }
            });
  }

  void awaitAllPublished(Duration deadline) {
    await("every outbox row published")
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> it.db.count("status <> 'PUBLISHED'") == 0);
  }

  long liveRows() {
    return it.db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM products WHERE deleted_at IS NULL")
                    .mapTo(Long.class)
                    .one());
  }

  String aliasTarget() {
    try {
      return indexes.aliasTarget().orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean indexExists(String index) {
    try {
      return es.indices().exists(e -> e.index(index)).value();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long liveCount(String indexOrAlias) {
    try {
      return es.count(
              c -> c.index(indexOrAlias).query(q -> q.term(t -> t.field("deleted").value(false))))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document behind {@code indexOrAlias} equals its row, field by field, and vice versa. */
  void assertIndexEqualsDatabase(String indexOrAlias) {
    long rows =
        it.db
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT count(*) FROM products").mapTo(Long.class).one());
    assertThat(ReadModel.differences(it.db.jdbi(), es, indexOrAlias))
        .as("differences between %s and the database (%d rows)", indexOrAlias, rows)
        .isEmpty();
    log.info("{} equals the database: {} documents", indexOrAlias, rows);
  }

  /** Concrete indices of this prefix. */
  List<String> indices() {
    try {
      return es
          .cat()
          .indices(
              c ->
                  c.index(it.names.searchIndexPrefix() + "*")
                      .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)
                      .h("index"))
          .indices()
          .stream()
          .map(IndicesRecord::index)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      it.client.newUntypedWorkflowStub(it.names.rebuildWorkflowId()).terminate("test finished");
    } catch (RuntimeException e) {
      // not running: fine
    }
    if (factory != null) {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (publisher != null) {
      publisher.close();
    }
    try {
      for (String index : indices()) {
        es.indices().delete(d -> d.index(index));
      }
      es.close();
    } catch (IOException | RuntimeException e) {
      log.warn("indices of {} not deleted: {}", it.names.prefix(), e.toString());
    }
    it.close();
  }
}
