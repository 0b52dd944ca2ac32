package io.catalog.api.metrics;

import io.catalog.domain.metrics.MetricsExport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /metrics}: the API's metrics in Prometheus text format ({@link MetricsExport}). */
@Path("/metrics")
public class MetricsResource {
  private final MetricsExport export;

  public MetricsResource(MetricsExport export) {
    this.export = export;
  }

  @GET
  public Response scrape() {
    StreamingOutput body = export::write;
    return Response.ok(body, MetricsExport.CONTENT_TYPE).build();
  }
}
