package io.catalog.workers.dlq;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.dlq.DlqOperations;
import io.catalog.workflows.dlq.DlqTriageWorkflowImpl;
import io.temporal.worker.Worker;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts the dead-letter triage on a worker of the {@code projection-ops} task queue:
 *
 * <pre>{@code
 * Worker ops = factory.newWorker(names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
 * DlqWorkers.register(ops, jdbi, deadLetterProducer, kafkaBootstrap, names);
 * factory.start();
 * scheduler.scheduleWithFixedDelay(new TriageClient(client, names)::ensureRunning, 0, 30, SECONDS);
 * }</pre>
 */
public final class DlqWorkers {
  private DlqWorkers() {}

  /**
   * Registers {@link DlqTriageWorkflowImpl} and its activities.
   *
   * @param jdbi configured with {@code Database.configure}
   * @param producer bytes in, bytes out, acks=all: the process's {@code DeadLetterProducers.create}
   *     producer (replays republish with it); not closed here
   * @return the operations the activities use, for anything else in the process that needs them
   */
  public static DlqOperations register(
      Worker worker,
      Jdbi jdbi,
      Producer<byte[], byte[]> producer,
      String kafkaBootstrap,
      PlatformNames names) {
    DlqOperations operations = new DlqOperations(jdbi, producer, kafkaBootstrap, names);
    worker.registerWorkflowImplementationTypes(DlqTriageWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new DlqTriageActivitiesImpl(operations, kafkaBootstrap, names));
    return operations;
  }
}
