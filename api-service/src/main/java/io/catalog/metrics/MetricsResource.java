package io.catalog.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /metrics}: every Dropwizard metric (requests, JVM, pool) in Prometheus text format. */
@Path("/metrics")
public class MetricsResource {
  /**
   * Jersey's per-method {@code .total} timers would be exported under the same name as the
   * method timer (Prometheus naming strips a {@code _total} suffix), and the filter timers are
   * noise next to them.
   */
  static final MetricFilter EXPORTED =
      (name, metric) ->
          !name.endsWith(".total")
              && !name.endsWith(".request.filtering")
              && !name.endsWith(".response.filtering");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsResource(MetricRegistry metrics) {
    DropwizardExports.builder().dropwizardRegistry(metrics).metricFilter(EXPORTED).register(registry);
  }

  @GET
  public Response scrape() {
    StreamingOutput body = out -> writer.write(out, registry.scrape());
    return Response.ok(body, PrometheusTextFormatWriter.CONTENT_TYPE).build();
  }
}
