package io.catalog.workers.outbox;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.RunHold;
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
 * <p>At worker start {@link #liftRunHolds} resumes a publisher that a tool paused for the length of
 * a run it did not live to end ({@link RunHold}); an operator's pause stays.
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

  /**
   * Resumes every publisher paused by a {@link RunHold} (a bench run killed in W2 or W7 left it
   * so), logging a warning with the note; leaves any other pause alone. Meant for once at worker
   * start.
   *
   * @return false when a publisher could not be checked (Temporal did not answer): try again later
   */
  public boolean liftRunHolds() {
    boolean checked = true;
    for (int shard = 0; shard < shards; shard++) {
      String id = names.outboxPublisherWorkflowId(shard);
      try (MDC.MDCCloseable ignored = MDC.putCloseable("workflow_id", id)) {
        OutboxPublisherWorkflow publisher =
            client.newWorkflowStub(OutboxPublisherWorkflow.class, id);
        OutboxPublisherStatus status = publisher.status();
        if (status.paused() && RunHold.isRunHold(status.pauseNote())) {
          publisher.resume();
          log.warn("publisher {} resumed at worker start: it was {}", id, status.pauseNote());
        }
      } catch (WorkflowNotFoundException e) {
        // Not started yet: nothing holds it.
      } catch (RuntimeException e) {
        log.warn("cannot check publisher workflow {} for a run's hold: {}", id, e.toString());
        checked = false;
      }
    }
    return checked;
  }

  private void ensureRunning(int shard, String id) {
    if (start(shard, false, null)) {
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
    if (!start(shard, status.paused(), status.pauseNote())) {
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
  private boolean start(int shard, boolean paused, String pauseNote) {
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
            shard, shards, batchSize, null, null, null, null, paused ? true : null, pauseNote);
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
