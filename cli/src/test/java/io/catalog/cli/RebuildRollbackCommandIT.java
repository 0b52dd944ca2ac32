package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.search.SearchClients;
import io.catalog.search.index.MappingVersion;
import io.catalog.search.index.SearchIndexes;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workers.testing.ItStack;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./platform rebuild rollback} against a real stack slice with the rebuild worker in this
 * JVM: it goes back to the newest whole index, never to a newer index that never was validated or
 * served, and refuses such an index named with {@code --to}.
 */
class RebuildRollbackCommandIT {
  static ItStack stack;
  static ElasticsearchClient es;
  static WorkerFactory workers;

  @BeforeAll
  static void start() {
    stack = CliRun.sliceForCommands();
    es = SearchClients.create(stack.endpoints.elasticsearchUrl());
    workers = WorkerFactory.newInstance(stack.client);
    Worker worker =
        workers.newWorker(stack.names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
    RebuildWorkers.register(
        worker,
        stack.db.jdbi(),
        es,
        stack.endpoints.kafkaBootstrap(),
        stack.names,
        new MetricRegistry());
    workers.start();
  }

  @AfterAll
  static void stop() throws Exception {
    workers.shutdownNow();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    es.close();
    stack.close();
  }

  @Test
  void rollbackGoesToTheNewestWholeIndexAndRefusesAnOrphan() throws Exception {
    SearchIndexes indexes = new SearchIndexes(es, stack.names);
    String previous = indexes.ensureAlias();
    String orphan = indexes.createIndex(MappingVersion.NEWEST, Instant.now().plusSeconds(60), true);
    String current =
        indexes.createIndex(MappingVersion.NEWEST, Instant.now().plusSeconds(120), true);
    indexes.switchAlias(current);

    CliRun refused = CliRun.platform("rebuild", "rollback", "--to", orphan);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("never validated or served");
    assertThat(indexes.aliasTarget()).contains(current);

    CliRun back = CliRun.platform("rebuild", "rollback");

    assertThat(back.exit()).as(back.err()).isZero();
    assertThat(back.out()).contains(current + " -> " + previous);
    assertThat(indexes.aliasTarget()).contains(previous);
  }
}
