package io.catalog.api.ops;

import io.catalog.api.Problems;
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
  private final OpsTemporal temporal;

  RebuildsResource(OpsTemporal temporal) {
    this.temporal = temporal;
  }

  @GET
  @RolesAllowed(OpsRoles.READ)
  public Map<String, Object> latest() {
    String id = temporal.names().rebuildWorkflowId();
    return temporal
        .describe(id, "progress")
        .orElseThrow(() -> Problems.of(404, "no rebuild has run", "id", id))
        .toJson("progress");
  }
}
