package io.catalog.operations.dlq;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.dlq.DlqTriageInput;
import io.catalog.workflows.dlq.DlqTriageWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the workers, the API and the CLI do with {@code dlq-triage}: keep it running, and send it a
 * {@code replay} or {@code discard} with a filter, starting it first when it does not run (the
 * request then waits there until a worker takes it).
 *
 * <p>It runs on {@code projection-ops} with input {@code {}}; a terminated or failed run is
 * replaced (the id may be reused once closed) and a running one is left alone, paused or not.
 * Several worker processes may supervise at once: the fixed id makes the start idempotent.
 */
public final class TriageClient {
  private static final Logger log = LoggerFactory.getLogger(TriageClient.class);

  private final WorkflowClient client;
  private final PlatformNames names;

  public TriageClient(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  public String workflowId() {
    return names.dlqTriageWorkflowId();
  }

  /**
   * Starts {@code dlq-triage} when no run is open; the workers call it at start and then every
   * {@code OUTBOX_SUPERVISE_SECONDS}.
   *
   * @return true when this call started a run; false when one was running already or Temporal did
   *     not answer (logged; the next call tries again)
   */
  public boolean ensureRunning() {
    try {
      WorkflowClient.start(
          client.newWorkflowStub(DlqTriageWorkflow.class, options())::run, DlqTriageInput.empty());
      log.info("started workflow {} on {}", workflowId(), names.projectionOpsTaskQueue());
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return false;
    } catch (RuntimeException e) {
      log.warn("cannot check workflow {}: {}", workflowId(), e.toString());
      return false;
    }
  }

  /**
   * Sends {@code signal} ({@code replay} or {@code discard}) with {@code filter}, starting the
   * triage first when it does not run.
   */
  public WorkflowExecution signalWithStart(String signal, Map<String, Object> filter) {
    return client
        .newUntypedWorkflowStub(DlqTriageWorkflow.TYPE, options())
        .signalWithStart(signal, new Object[] {filter}, new Object[] {DlqTriageInput.empty()});
  }

  private WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId())
        .setTaskQueue(names.projectionOpsTaskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary("Dead-letter triage of `" + names.dlqProductEvents() + "`")
        .setStaticDetails(
            "Parks every dead letter in `dlq_entries`, classified. Never replays by itself."
                + "\n\nSignals: `replay` / `discard` with a filter such as"
                + " `{\"class\":\"validation\"}`, `pause`, `resume`. Query: `summary`.")
        .build();
  }
}
