package io.catalog.workers.outbox;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.outbox.OutboxPublisherInput;
import io.catalog.workflows.outbox.OutboxPublisherStatus;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps one {@link OutboxPublisherWorkflow} per shard running: starts {@code outbox-publisher-{n}}
 * when none runs (a terminated or failed one is replaced, the id may be reused once closed) and
 * leaves a running one alone. When the running ones were started with another shard count or batch
 * size (OUTBOX_SHARDS changed), they are replaced, keeping a pause in force.
 *
 * <p>Several worker processes may supervise at once: the workflow id makes the start idempotent.
 *
 * @param shards {@code OUTBOX_SHARDS}: how many publisher workflows run
 * @param batchSize {@code OUTBOX_BATCH_SIZE}, given to every publisher workflow
 */
public record PublisherSupervisor(
    WorkflowClient client, PlatformNames names, int shards, int batchSize) {
  private static final Logger log = LoggerFactory.getLogger(PublisherSupervisor.class);

  /** One pass over all shards; logs and carries on when Temporal does not answer. */
  public void ensureRunning() {
    for (int shard = 0; shard < shards; shard++) {
      String id = names.outboxPublisherWorkflowId(shard);
      try (MDC.MDCCloseable ignored = MDC.putCloseable("workflow_id", id)) {
        ensureRunning(shard, id);
      } catch (RuntimeException e) {
        log.warn("cannot check publisher workflow {}: {}", id, e.toString());
      }
    }
  }

  private void ensureRunning(int shard, String id) {
    if (start(shard, false)) {
      return;
    }
    OutboxPublisherStatus status =
        client.newWorkflowStub(OutboxPublisherWorkflow.class, id).status();
    if (status.shards() == shards && status.batchSize() == batchSize) {
      return;
    }
    log.warn(
        "publisher {} runs as shard {} of {} with batch size {}; replacing it with shard {} of {},"
            + " batch size {}",
        id,
        status.shard(),
        status.shards(),
        status.batchSize(),
        shard,
        shards,
        batchSize);
    terminate(id, "outbox shards or batch size changed");
    if (!start(shard, status.paused())) {
      log.warn("publisher {} was started again by someone else meanwhile", id);
    }
    if (shard == 0) {
      for (int retired = shards; retired < status.shards(); retired++) {
        terminate(
            names.outboxPublisherWorkflowId(retired), "outbox shard count lowered to " + shards);
      }
    }
  }

  /**
   * @return false when a run with this id is already open
   */
  private boolean start(int shard, boolean paused) {
    String id = names.outboxPublisherWorkflowId(shard);
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(names.outboxTaskQueue())
            // A closed run (terminated, failed) may be replaced; an open one is never duplicated.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary(
                String.format(Locale.ROOT, "Outbox publisher, shard %d of %d", shard, shards))
            .build();
    OutboxPublisherWorkflow workflow =
        client.newWorkflowStub(OutboxPublisherWorkflow.class, options);
    OutboxPublisherInput input =
        new OutboxPublisherInput(
            shard, shards, batchSize, null, null, null, null, paused ? true : null);
    try {
      WorkflowClient.start(workflow::run, input);
      log.info("started publisher workflow {} (shard {} of {})", id, shard, shards);
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    }
  }

  private void terminate(String id, String reason) {
    try {
      client.newUntypedWorkflowStub(id).terminate(reason);
      log.info("terminated publisher workflow {}: {}", id, reason);
    } catch (WorkflowNotFoundException e) {
      // Already closed: nothing to retire.
    }
  }
}
