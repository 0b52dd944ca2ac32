package io.catalog.api.ops;

import io.catalog.api.ops.auth.OpsRoles;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.ProgressQuery;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /ops/rebuilds}: the latest {@code product-search-rebuild} (DescribeWorkflowExecution)
 * and its {@code progress} query; read-only (start, pause and cancel are {@code platform rebuild}'s
 * and the Web UI's).
 */
@Path("/ops/rebuilds")
@Produces(MediaType.APPLICATION_JSON)
public final class RebuildsResource {
  private final WorkflowClient client;
  private final PlatformNames names;

  RebuildsResource(WorkflowClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  @GET
  @RolesAllowed(OpsRoles.READ)
  public Map<String, Object> latest() {
    return ExecutionView.of(
        client, names.rebuildWorkflowId(), ProgressQuery.NAME, "no rebuild has run");
  }
}
