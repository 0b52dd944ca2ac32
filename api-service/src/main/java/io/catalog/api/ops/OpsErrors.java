package io.catalog.api.ops;

import io.catalog.api.Problems;
import io.catalog.operations.temporal.Executions;
import io.grpc.Status;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.WebApplicationException;

/** The ops endpoints' own problems: a malformed request, and Temporal's answers as HTTP ones. */
final class OpsErrors {
  private OpsErrors() {}

  static WebApplicationException badRequest(String field, String message) {
    return Problems.of(400, "malformed request", field, message);
  }

  /**
   * A value of the documented form that names something impossible (a partition twice, say): the
   * request was understood, its content cannot be carried out (RFC 9110, 422).
   */
  static WebApplicationException unprocessable(String field, String message) {
    return Problems.of(422, "unprocessable request", field, message);
  }

  /** Temporal's answer as an HTTP one: 404 no such workflow, 409 not running, 503 unreachable. */
  static WebApplicationException fromTemporal(RuntimeException e, String workflowId) {
    if (e instanceof WorkflowNotFoundException) {
      return Problems.of(
          404, "no such workflow", "id", workflowId + " does not exist or is not running");
    }
    Status answer =
        Executions.answers(e)
            .filter(
                s ->
                    s.getCode() == Status.Code.NOT_FOUND
                        || s.getCode() == Status.Code.UNAVAILABLE
                        || s.getCode() == Status.Code.DEADLINE_EXCEEDED)
            .findFirst()
            .orElse(null);
    if (answer != null && answer.getCode() == Status.Code.NOT_FOUND) {
      return Problems.of(
          409, "workflow not running", "id", workflowId + ": " + answer.getDescription());
    }
    if (answer != null) {
      return Problems.of(503, "temporal unavailable", null, null);
    }
    return Problems.of(503, "temporal call failed: " + e.getMessage(), null, null);
  }
}
