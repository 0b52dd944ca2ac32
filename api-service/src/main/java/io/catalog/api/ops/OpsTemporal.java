package io.catalog.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.api.Problems;
import io.catalog.domain.naming.PlatformNames;
import io.dropwizard.lifecycle.Managed;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The API's view of the projection-ops workflows, by type name and id only (the workflow classes
 * live in the workers): start a {@code ReplayWorkflow}, signal it, signal {@code dlq-triage}, read
 * a workflow's status and a query's JSON answer. Connects lazily, so the API starts while Temporal
 * is down.
 */
final class OpsTemporal implements Managed {
  static final String REPLAY_TYPE = "ReplayWorkflow";
  static final String TRIAGE_TYPE = "DlqTriageWorkflow";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** What describe says about a workflow, plus its query answer (null when none came). */
  record Execution(String workflowId, String runId, String status, JsonNode query) {
    Map<String, Object> toJson(String queryName) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("workflow_id", workflowId);
      json.put("run_id", runId);
      json.put("status", status);
      json.put(queryName, query);
      return json;
    }
  }

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final PlatformNames names;

  OpsTemporal(String target, String namespace, PlatformNames names) {
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    this.names = names;
  }

  PlatformNames names() {
    return names;
  }

  /**
   * {@code replay-product-event-projection-group-20260110T120045Z}, as the workers name replays.
   */
  String replayId(Instant at) {
    return names.prefix() + "replay-" + PlatformNames.PROJECTION_GROUP + "-" + STAMP.format(at);
  }

  boolean isReplayId(String id) {
    return id != null
        && id.matches(
            Pattern.quote(names.prefix() + "replay-" + PlatformNames.PROJECTION_GROUP + "-")
                + "\\d{8}T\\d{6}Z");
  }

  WorkflowExecution startReplay(String id, Map<String, Object> input) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(names.projectionOpsTaskQueue())
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setStaticSummary(
                "Replay `"
                    + names.productEvents()
                    + "` from "
                    + input.getOrDefault("from", "earliest")
                    + " into `"
                    + names.searchAlias()
                    + "` (ops API)")
            .build();
    try {
      return client.newUntypedWorkflowStub(REPLAY_TYPE, options).start(input);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw Problems.of(
          409, "replay exists already", "id", id + " was started this second; try again");
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, id);
    }
  }

  /** Signals the running workflow {@code id}: 404 when there is none, 409 when it has ended. */
  void signal(String id, String signal) {
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    try {
      stub.signal(signal);
    } catch (WorkflowNotFoundException e) {
      String status;
      try {
        status = stub.describe().getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
      } catch (RuntimeException notThere) {
        throw OpsErrors.fromTemporal(notThere, id);
      }
      throw Problems.of(409, "workflow not running", "id", id + " is " + status);
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, id);
    }
  }

  /**
   * Sends a replay or discard to {@code dlq-triage}, starting it first when it does not run (as the
   * workers' supervisor would): the request waits there until a worker takes it.
   */
  WorkflowExecution signalTriage(String signal, Map<String, Object> filter) {
    String id = names.dlqTriageWorkflowId();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(names.projectionOpsTaskQueue())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary("Dead-letter triage of `" + names.dlqProductEvents() + "`")
            .build();
    try {
      return client
          .newUntypedWorkflowStub(TRIAGE_TYPE, options)
          .signalWithStart(signal, new Object[] {filter}, new Object[] {Map.of()});
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, id);
    }
  }

  /** The latest run of {@code id} and the answer to {@code query}; empty when it never ran. */
  Optional<Execution> describe(String id, String query) {
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    WorkflowExecutionDescription description;
    try {
      description = stub.describe();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, id);
    }
    JsonNode answer;
    try {
      answer = stub.query(query, JsonNode.class);
    } catch (RuntimeException e) {
      // No worker to answer (workers down): the status alone still says a lot.
      answer = null;
    }
    return Optional.of(
        new Execution(
            id,
            description.getExecution().getRunId(),
            description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
            answer));
  }

  @Override
  public void stop() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
