package io.catalog.api.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.api.Problems;
import io.catalog.api.ops.auth.OpsRoles;
import io.catalog.domain.http.Rfc3339;
import io.catalog.operations.replay.ReplayClient;
import io.catalog.workflows.replay.ReplayInput;
import io.temporal.api.common.v1.WorkflowExecution;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /ops/replays}: starts a {@code ReplayWorkflow} ({@code {"from":"earliest",
 * "batch_size":1000}}, both optional) and answers 201 with its id and the signals that pause and
 * resume it.
 */
@Path("/ops/replays")
@Produces(MediaType.APPLICATION_JSON)
public final class ReplaysResource {
  private static final Set<String> FIELDS = Set.of("from", "batch_size");

  private final ReplayClient replays;

  ReplaysResource(ReplayClient replays) {
    this.replays = replays;
  }

  @POST
  @RolesAllowed(OpsRoles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(@Context ContainerRequestContext request, InputStream in) {
    OpsAudit.describe(request, "replay.start", "-", null);
    ObjectNode body = OpsRequests.object(in, FIELDS);
    String from = from(OpsRequests.text(body, "from"));
    Integer batchSize = OpsRequests.integer(body, "batch_size", 1, 10_000);
    ReplayInput input = ReplayInput.of(from, batchSize);
    String described =
        "{from=" + from + (batchSize != null ? ", batchSize=" + batchSize : "") + "}";
    OpsAudit.describe(request, "replay.start", described, null);
    WorkflowExecution started = start(input);
    String id = started.getWorkflowId();
    String runId = started.getRunId();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflow_id", id);
    answer.put("run_id", runId);
    answer.put("from", from);
    answer.put("batch_size", batchSize != null ? batchSize : 1000);
    answer.put(
        "pause",
        "POST /ops/replays/"
            + id
            + "/pause, or temporal workflow signal --workflow-id "
            + id
            + " --name pause");
    answer.put(
        "resume",
        "POST /ops/replays/"
            + id
            + "/resume, or temporal workflow signal --workflow-id "
            + id
            + " --name resume");
    OpsAudit.describe(request, "replay.start", described, "started " + id);
    return Response.created(UriBuilder.fromPath("/ops/replays/{id}").build(id))
        .entity(answer)
        .build();
  }

  private WorkflowExecution start(ReplayInput input) {
    try {
      return replays.start(input, Instant.now());
    } catch (IllegalStateException e) {
      throw Problems.of(409, "replay exists already", "id", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw OpsErrors.unprocessable("from", e.getMessage());
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, "replay");
    }
  }

  /** The document's pattern for {@code from}, exactly: what it accepts, this accepts. */
  static final Pattern FROM =
      Pattern.compile(
          "^(earliest|[0-9]{1,9}:[0-9]{1,18}(,[0-9]{1,9}:[0-9]{1,18})*|[0-9]{4}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))$");

  /**
   * The start points the workflow accepts: {@code earliest}, an ISO-8601 time, {@code
   * "0:120,1:98,2:0"}; checked here so that a typo is a 400, not a failed workflow.
   */
  static String from(String value) {
    if (value == null || value.equals("earliest")) {
      return "earliest";
    }
    if (!FROM.matcher(value).matches()) {
      throw OpsErrors.badRequest(
          "from",
          "must be 'earliest', an ISO-8601 time such as 2026-01-10T12:00:00Z, or partition:offset pairs such as 0:120,1:98");
    }
    // The pattern admits only real dates and times (no 29 February), which Rfc3339 reads.
    return value.contains("T") ? Rfc3339.parse(value).toString() : value;
  }
}
