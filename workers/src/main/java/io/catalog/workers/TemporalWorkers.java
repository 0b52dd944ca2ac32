package io.catalog.workers;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.workers.dlq.DlqWorkers;
import io.catalog.workers.outbox.CleanupSchedule;
import io.catalog.workers.outbox.OutboxActivitiesImpl;
import io.catalog.workers.outbox.OutboxCleanupActivitiesImpl;
import io.catalog.workers.outbox.OutboxPublisher;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workers.reconcile.ReconcileMetrics;
import io.catalog.workers.reconcile.ReconcileSchedule;
import io.catalog.workers.reconcile.ReconcileWorkers;
import io.catalog.workers.replay.ReplayWorkers;
import io.catalog.workflows.outbox.OutboxCleanupWorkflowImpl;
import io.catalog.workflows.outbox.OutboxPublisherWorkflowImpl;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process's Temporal side: a worker on {@code outbox} (publisher and cleanup) and one on
 * {@code projection-ops} (rebuilds, replays, DLQ triage, reconciliation), and the schedules of the
 * cleanup and the reconciliation. {@link #close()} lets running activities finish their batch.
 */
final class TemporalWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalWorkers.class);

  /** What the activities of both task queues act on. */
  record Resources(
      Jdbi jdbi,
      OutboxPublisher publisher,
      ElasticsearchClient elasticsearch,
      Producer<byte[], byte[]> deadLetterProducer,
      MetricRegistry registry,
      ReconcileMetrics reconcileMetrics) {}

  private final WorkerFactory factory;

  private TemporalWorkers(WorkerFactory factory) {
    this.factory = factory;
  }

  static TemporalWorkers start(
      TemporalConnection temporal, WorkersConfig config, Resources resources) {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    registerOutbox(factory, config, resources);
    registerProjectionOps(factory, config, resources);
    factory.start();

    ScheduleClient schedules = temporal.schedules();
    CleanupSchedule.ensure(schedules, config.names(), config.outboxRetention());
    ReconcileSchedule.ensure(schedules, config.names(), config.reconcileInterval());
    return new TemporalWorkers(factory);
  }

  private static void registerOutbox(
      WorkerFactory factory, WorkersConfig config, Resources resources) {
    Worker worker =
        factory.newWorker(
            config.names().outboxTaskQueue(),
            WorkerOptions.newBuilder()
                // Heartbeats reach the server within a second, so a pause (activity cancellation)
                // takes effect within about a second.
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
                .build());
    worker.registerWorkflowImplementationTypes(
        OutboxPublisherWorkflowImpl.class, OutboxCleanupWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new OutboxActivitiesImpl(resources.jdbi(), resources.publisher(), config.outboxLinger()),
        new OutboxCleanupActivitiesImpl(resources.jdbi()));
  }

  /** projection-ops: rebuilds, replays, DLQ triage and the reconciliation of the read model. */
  private static void registerProjectionOps(
      WorkerFactory factory, WorkersConfig config, Resources resources) {
    Worker worker =
        factory.newWorker(config.names().projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
    String kafka = config.endpoints().kafkaBootstrap();
    RebuildWorkers.register(
        worker,
        resources.jdbi(),
        resources.elasticsearch(),
        kafka,
        config.names(),
        resources.registry());
    ReplayWorkers.register(worker, resources.elasticsearch(), kafka, config.names());
    DlqWorkers.register(
        worker, resources.jdbi(), resources.deadLetterProducer(), kafka, config.names());
    ReconcileWorkers.register(
        worker,
        resources.jdbi(),
        resources.elasticsearch(),
        config.names(),
        resources.reconcileMetrics());
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(20, TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      log.warn("activities still running after 20 s; stopping anyway");
      factory.shutdownNow();
    }
  }
}
