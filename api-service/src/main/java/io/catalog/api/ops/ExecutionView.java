package io.catalog.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.api.Problems;
import io.catalog.operations.temporal.Executions;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow's latest run as the ops endpoints show it: {@code workflow_id}, {@code run_id}, {@code
 * status} and the answer to its query (null when no worker answered), in the workflow's own JSON.
 */
final class ExecutionView {
  private ExecutionView() {}

  /** The latest run of {@code workflowId}; 404 {@code notFound} when it never ran. */
  static Map<String, Object> of(
      WorkflowClient client, String workflowId, String query, String notFound) {
    Optional<Executions.Described<JsonNode>> latest;
    try {
      latest = Executions.describe(client, workflowId, query, JsonNode.class);
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, workflowId);
    }
    Executions.Described<JsonNode> run =
        latest.orElseThrow(() -> Problems.of(404, notFound, "id", workflowId));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", run.workflowId());
    json.put("run_id", run.runId());
    json.put("status", run.status());
    json.put(query, run.answer());
    return json;
  }

  /** Sends {@code signal}: 404 when there is no such workflow, 409 when it has ended. */
  static void signal(WorkflowClient client, String workflowId, String signal, Object... args) {
    try {
      Executions.signal(client, workflowId, signal, args);
    } catch (Executions.NotRunningException e) {
      throw Problems.of(409, "workflow not running", "id", e.getMessage());
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, workflowId);
    }
  }
}
