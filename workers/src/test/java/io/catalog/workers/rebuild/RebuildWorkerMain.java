package io.catalog.workers.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.db.Database;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.search.SearchClients;
import io.catalog.workers.WorkersConfig;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.CountDownLatch;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process with only the rebuild on {@code projection-ops}, configured like the worker
 * process (the {@link WorkersConfig} environment variables), so a test can SIGKILL it.
 */
public final class RebuildWorkerMain {
  private static final Logger log = LoggerFactory.getLogger(RebuildWorkerMain.class);

  private RebuildWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WorkersConfig config = WorkersConfig.fromEnv();
    Jdbi jdbi =
        Database.configure(
            Jdbi.create(
                config.endpoints().dbUrl(),
                config.endpoints().dbUser(),
                config.endpoints().dbPassword()));
    ElasticsearchClient es = SearchClients.create(config.endpoints().elasticsearchUrl());
    WorkerFactory factory =
        WorkerFactory.newInstance(TemporalConnection.open(config.endpoints()).client());
    Worker worker =
        factory.newWorker(config.names().projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
    RebuildWorkers.register(
        worker,
        jdbi,
        es,
        config.endpoints().kafkaBootstrap(),
        config.names(),
        new MetricRegistry());
    factory.start();
    log.info("rebuild worker up on {}", config.names().projectionOpsTaskQueue());
    new CountDownLatch(1).await();
  }
}
