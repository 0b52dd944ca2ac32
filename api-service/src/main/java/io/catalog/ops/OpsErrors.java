package io.catalog.ops;

import io.catalog.product.api.ErrorBody;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The ops endpoints' error responses, always an {@link ErrorBody}. */
final class OpsErrors {
  private OpsErrors() {}

  static WebApplicationException of(int status, String error, String field, String message) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(field == null ? ErrorBody.of(error) : ErrorBody.of(error, field, message))
            .build());
  }

  static WebApplicationException badRequest(String field, String message) {
    return of(400, "malformed request", field, message);
  }

  /** Temporal's answer as an HTTP one: 404 no such workflow, 409 not running, 503 unreachable. */
  static WebApplicationException fromTemporal(RuntimeException e, String workflowId) {
    if (e instanceof WorkflowNotFoundException) {
      return of(404, "no such workflow", "id", workflowId + " does not exist or is not running");
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        if (code == Status.Code.NOT_FOUND) {
          return of(409, "workflow not running", "id", workflowId + ": " + s.getStatus().getDescription());
        }
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
          return of(503, "temporal unavailable", null, null);
        }
      }
    }
    return of(503, "temporal call failed: " + e.getMessage(), null, null);
  }
}
