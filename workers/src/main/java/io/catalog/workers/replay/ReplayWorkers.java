package io.catalog.workers.replay;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.replay.ReplayWorkflow;
import io.catalog.workflows.replay.ReplayWorkflowImpl;
import io.temporal.worker.Worker;

/**
 * Puts {@link ReplayWorkflow} on a worker of the {@code projection-ops} task queue:
 *
 * <pre>{@code
 * Worker ops = factory.newWorker(names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
 * ReplayWorkers.register(ops, elasticsearch, kafkaBootstrap, names);
 * factory.start();
 * }</pre>
 *
 * The worker should send heartbeats within a second ({@code setMaxHeartbeatThrottleInterval}), as
 * {@code RebuildWorkers.workerOptions()} does: a pause reaches the running activity that way.
 */
public final class ReplayWorkers {
  private ReplayWorkers() {}

  /**
   * @param elasticsearch shared client ({@code SearchClients.create})
   * @param kafkaBootstrap e.g. {@code 127.0.0.1:9092}; replays read {@code names.productEvents()}
   *     with consumers of their own, without a group
   */
  public static void register(
      Worker worker,
      ElasticsearchClient elasticsearch,
      String kafkaBootstrap,
      PlatformNames names) {
    worker.registerWorkflowImplementationTypes(ReplayWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ReplayActivitiesImpl(elasticsearch, kafkaBootstrap, names));
  }
}
