package io.catalog.api.ops;

import io.catalog.api.ops.auth.OpsPrincipal;
import io.catalog.api.ops.auth.OpsRoles;
import io.catalog.operations.dlq.TriageClient;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /ops/dlq}: the parked dead letters, and replay or discard of a selection. Replay and
 * discard are signals to the {@code dlq-triage} workflow (202 Accepted: a worker runs them within
 * seconds, nothing is ever replayed without such a request); {@code dry_run} answers at once with
 * what the selection matches now.
 */
@Path("/ops/dlq")
@Produces(MediaType.APPLICATION_JSON)
public final class DlqResource {
  /**
   * What replay and discard differ in: the triage signal (and audit action) they are, the fields of
   * their body (only a replay has a target topic), and what the entries become.
   */
  private enum Action {
    REPLAY(
        "replay",
        Set.of("class", "event_ids", "from", "to", "target", "dry_run"),
        "REPLAYED, or SKIPPED when older than their product"),
    DISCARD("discard", Set.of("class", "event_ids", "from", "to", "dry_run"), "DISCARDED");

    final String signal;
    final Set<String> fields;
    final String outcome;

    Action(String signal, Set<String> fields, String outcome) {
      this.signal = signal;
      this.fields = fields;
      this.outcome = outcome;
    }

    DlqSelection selection(InputStream in) {
      return DlqSelection.fromBody(OpsRequests.object(in, fields), fields.contains("target"));
    }
  }

  private final DlqEntries entries;
  private final TriageClient triage;

  DlqResource(DlqEntries entries, TriageClient triage) {
    this.entries = entries;
    this.triage = triage;
  }

  @GET
  @RolesAllowed(OpsRoles.READ)
  public Map<String, Object> list(
      @QueryParam("class") String errorClass,
      @QueryParam("status") String status,
      @QueryParam("event_id") List<String> eventIds,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") String limitParam) {
    // A String, not an int: Jersey answers 404 to a query parameter it cannot convert.
    int limit =
        limitParam == null
            ? 100
            : limitParam.matches("[1-9][0-9]{0,3}") ? Integer.parseInt(limitParam) : 0;
    if (limit < 1 || limit > 1000) {
      throw OpsErrors.badRequest("limit", "must be from 1 to 1000");
    }
    DlqSelection selection =
        new DlqSelection(
            DlqSelection.errorClass(errorClass),
            eventIds.stream().map(id -> OpsRequests.uuid(id, "event_id")).toList(),
            OpsRequests.time(from, "from"),
            OpsRequests.time(to, "to"),
            null,
            false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("entries", entries.list(selection, DlqSelection.status(status), limit));
    body.put("counts", entries.countsByStatus());
    return body;
  }

  @POST
  @Path("replay")
  @RolesAllowed(OpsRoles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replay(
      @Auth OpsPrincipal principal, @Context ContainerRequestContext request, InputStream in) {
    return act(Action.REPLAY, principal, request, in);
  }

  @POST
  @Path("discard")
  @RolesAllowed(OpsRoles.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response discard(
      @Auth OpsPrincipal principal, @Context ContainerRequestContext request, InputStream in) {
    return act(Action.DISCARD, principal, request, in);
  }

  private Response act(
      Action kind, OpsPrincipal principal, ContainerRequestContext request, InputStream in) {
    String action = kind.signal;
    DlqSelection selection = kind.selection(in);
    OpsAudit.describe(request, "dlq." + action, selection.describe(), null);
    List<Long> matched =
        entries.list(selection, "PARKED", 10_000).stream().map(DlqEntryView::id).sorted().toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action);
    body.put("dry_run", selection.dryRun());
    body.put("matched", matched.size());
    body.put("entry_ids", matched);
    if (selection.dryRun()) {
      OpsAudit.describe(
          request,
          "dlq." + action,
          selection.describe(),
          "dry run, " + matched.size() + " matched");
      return Response.ok(body).build();
    }
    String workflowId = signalTriage(action, selection.signalInput(principal.getName()));
    body.put("workflow_id", workflowId);
    body.put("note", "sent to " + workflowId + "; GET /ops/dlq shows the entries " + kind.outcome);
    OpsAudit.describe(
        request, "dlq." + action, selection.describe(), "accepted, " + matched.size() + " matched");
    return Response.accepted(body).build();
  }

  private String signalTriage(String action, Map<String, Object> filter) {
    try {
      return triage.signalWithStart(action, filter).getWorkflowId();
    } catch (RuntimeException e) {
      throw OpsErrors.fromTemporal(e, triage.workflowId());
    }
  }
}
