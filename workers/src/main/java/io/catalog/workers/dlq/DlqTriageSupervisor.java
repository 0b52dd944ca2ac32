package io.catalog.workers.dlq;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.dlq.DlqTriageInput;
import io.catalog.workflows.dlq.DlqTriageWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code dlq-triage} running: starts it on {@code projection-ops} with input {@code {}} when
 * no run is open (a terminated or failed one is replaced; the id may be reused once closed) and
 * leaves a running one alone, paused or not. Several worker processes may supervise at once: the
 * fixed id makes the start idempotent. Call {@link #ensureRunning()} at start and then every {@code
 * OUTBOX_SUPERVISE_SECONDS}, like the publisher supervisor.
 */
public final class DlqTriageSupervisor {
  private static final Logger log = LoggerFactory.getLogger(DlqTriageSupervisor.class);

  private final WorkflowClient client;
  private final PlatformNames names;

  public DlqTriageSupervisor(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  /**
   * @return true when this call started a run; false when one was running already or Temporal did
   *     not answer (logged; the next call tries again)
   */
  public boolean ensureRunning() {
    String id = names.dlqTriageWorkflowId();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(names.projectionOpsTaskQueue())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary("Dead-letter triage of `" + names.dlqProductEvents() + "`")
            .setStaticDetails(
                "Parks every dead letter in `dlq_entries`, classified. Never replays by itself."
                    + "\n\nSignals: `replay` / `discard` with a filter such as"
                    + " `{\"class\":\"validation\"}`, `pause`, `resume`. Query: `summary`.")
            .build();
    try {
      WorkflowClient.start(
          client.newWorkflowStub(DlqTriageWorkflow.class, options)::run, DlqTriageInput.empty());
      log.info("started workflow {} on {}", id, names.projectionOpsTaskQueue());
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    } catch (RuntimeException e) {
      log.warn("cannot check workflow {}: {}", id, e.toString());
      return false;
    }
  }
}
