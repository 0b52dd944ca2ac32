package io.catalog.workers.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.rebuild.ProductSearchRebuildWorkflowImpl;
import io.catalog.workflows.rebuild.ProductSearchRollbackWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts the search rebuild on a worker of the {@code projection-ops} task queue:
 *
 * <pre>{@code
 * Worker worker = factory.newWorker(names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
 * RebuildWorkers.register(worker, jdbi, elasticsearch, kafkaBootstrap, names, registry);
 * factory.start();
 * }</pre>
 */
public final class RebuildWorkers {
  private RebuildWorkers() {}

  /**
   * Registers {@link ProductSearchRebuildWorkflowImpl}, {@link ProductSearchRollbackWorkflowImpl}
   * and their activities.
   *
   * @param jdbi configured with {@code Database.configure} (SqlObject and Postgres plugins)
   * @param elasticsearch shared client ({@code SearchClients.create})
   * @param kafkaBootstrap e.g. {@code 127.0.0.1:9092}; the rebuild reads {@code
   *     names.productEvents()} with consumers of its own, without a group
   * @param metrics the registry /metrics exports ({@code rebuild_compensation_failures})
   */
  public static void register(
      Worker worker,
      Jdbi jdbi,
      ElasticsearchClient elasticsearch,
      String kafkaBootstrap,
      PlatformNames names,
      MetricRegistry metrics) {
    worker.registerWorkflowImplementationTypes(
        ProductSearchRebuildWorkflowImpl.class, ProductSearchRollbackWorkflowImpl.class);
    ProductSearchRebuildActivitiesImpl rebuild =
        new ProductSearchRebuildActivitiesImpl(jdbi, elasticsearch, kafkaBootstrap, names, metrics);
    worker.registerActivitiesImplementations(
        rebuild, new ProductSearchRollbackActivitiesImpl(elasticsearch, names, rebuild.handover()));
  }

  /**
   * Worker options the rebuild expects: heartbeats (load positions, cancellation) reach the server
   * within a second instead of after 80% of the heartbeat timeout, so a worker that dies loses at
   * most about a second of load.
   */
  public static WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
        .build();
  }
}
