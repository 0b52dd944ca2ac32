package io.catalog.api.ops;

import io.catalog.api.Problems;
import io.catalog.api.ops.auth.OpsRoles;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.ProgressQuery;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code /ops/replays/{id}}: a replay's status and {@code progress} query; {@code pause} and {@code
 * resume} send the signals of the same names (202; the replay stops within about a second).
 */
@Path("/ops/replays/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class ReplayResource {
  private final WorkflowClient client;
  private final PlatformNames names;

  ReplayResource(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  @GET
  @RolesAllowed(OpsRoles.READ)
  public Map<String, Object> get(@PathParam("id") String id) {
    return ExecutionView.of(client, replayId(id), ProgressQuery.NAME, "no such replay");
  }

  @POST
  @Path("pause")
  @RolesAllowed(OpsRoles.ADMIN)
  public Response pause(@PathParam("id") String id, @Context ContainerRequestContext request) {
    return signal(id, "pause", request, pausedBy(request, id));
  }

  /** The pause's note: who paused it, here. The replay's progress shows it until the resume. */
  private static String pausedBy(ContainerRequestContext request, String id) {
    return OpsAudit.principal(request) + " through POST /ops/replays/" + id + "/pause";
  }

  @POST
  @Path("resume")
  @RolesAllowed(OpsRoles.ADMIN)
  public Response resume(@PathParam("id") String id, @Context ContainerRequestContext request) {
    return signal(id, "resume", request);
  }

  private Response signal(
      String id, String signal, ContainerRequestContext request, Object... args) {
    OpsAudit.describe(request, "replay." + signal, "{id=" + id + "}", null);
    ExecutionView.signal(client, replayId(id), signal, args);
    OpsAudit.describe(request, "replay." + signal, "{id=" + id + "}", "signalled");
    return Response.accepted(Map.of("workflow_id", id, "signal", signal)).build();
  }

  private String replayId(String id) {
    if (!names.isReplayWorkflowId(id)) {
      throw Problems.of(404, "no such replay", "id", "not a replay id: " + id);
    }
    return id;
  }
}
