package io.catalog.workers.dlq;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.operations.dlq.DlqOperations;
import io.catalog.search.SearchClients;
import io.catalog.workers.replay.ReplayWorkers;
import io.catalog.workers.testing.ItStack;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;

/**
 * A test slice's {@code projection-ops} worker with the replay and the dead-letter triage
 * registered through their helpers, as the worker process registers them; for ITs that must not
 * depend on the rest of the worker process.
 */
public final class ProjectionOpsWorker implements AutoCloseable {
  private final ElasticsearchClient elasticsearch;
  private final Producer<byte[], byte[]> producer;
  private final WorkerFactory factory;
  private final DlqOperations operations;

  private ProjectionOpsWorker(ItStack stack) {
    elasticsearch = SearchClients.create(stack.endpoints.elasticsearchUrl());
    producer =
        DeadLetterProducers.create(
            stack.endpoints.kafkaBootstrap(), stack.names.prefix() + "ops-worker");
    factory = WorkerFactory.newInstance(stack.client);
    Worker worker =
        factory.newWorker(
            stack.names.projectionOpsTaskQueue(),
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                .build());
    ReplayWorkers.register(worker, elasticsearch, stack.endpoints.kafkaBootstrap(), stack.names);
    operations =
        DlqWorkers.register(
            worker, stack.db.jdbi(), producer, stack.endpoints.kafkaBootstrap(), stack.names);
    factory.start();
  }

  public static ProjectionOpsWorker start(ItStack stack) {
    return new ProjectionOpsWorker(stack);
  }

  public DlqOperations operations() {
    return operations;
  }

  /** Stops polling and lets running activities finish, like the worker process does. */
  @Override
  public void close() throws IOException {
    factory.shutdown();
    factory.awaitTermination(20, TimeUnit.SECONDS);
    factory.shutdownNow();
    producer.close(Duration.ofSeconds(5));
    elasticsearch.close();
  }
}
