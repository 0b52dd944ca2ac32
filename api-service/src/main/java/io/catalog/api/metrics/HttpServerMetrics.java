package io.catalog.api.metrics;

import io.catalog.api.RouteTemplates;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * {@code http_server_requests_seconds}: one histogram of every request Jersey answers, labelled by
 * method, route template ({@code /products/{id}}, never the id itself, so the number of series
 * stays bounded) and status. A request no resource matched is counted under route {@code
 * unmatched}; one that ended in an exception no mapper answered, under status 500.
 */
@Provider
public final class HttpServerMetrics implements ApplicationEventListener {
  static final String UNMATCHED = "unmatched";

  /**
   * Each route's name by its matched templates: the join strips every template with regular
   * expressions, once per route instead of once per request. As many entries as the API has routes.
   */
  private static final Map<List<String>, String> ROUTES = new ConcurrentHashMap<>();

  private final Histogram requests;

  public HttpServerMetrics(PrometheusRegistry registry) {
    requests =
        Histogram.builder()
            .name("http_server_requests_seconds")
            .help("HTTP requests answered by the API, by method, route template and status")
            .unit(Unit.SECONDS)
            .labelNames("method", "route", "status")
            .register(registry);
  }

  @Override
  public void onEvent(ApplicationEvent event) {}

  @Override
  public RequestEventListener onRequest(RequestEvent start) {
    long started = System.nanoTime();
    return event -> {
      if (event.getType() == RequestEvent.Type.FINISHED) {
        double seconds = (System.nanoTime() - started) / 1e9;
        requests
            .labelValues(event.getContainerRequest().getMethod(), route(event), status(event))
            .observe(seconds);
      }
    };
  }

  /**
   * The matched templates joined outermost first, e.g. {@code /products} + {@code /{id}}, without
   * the variables' regular expressions ({@link RouteTemplates}).
   */
  static String route(RequestEvent event) {
    List<UriTemplate> templates = event.getUriInfo().getMatchedTemplates();
    if (templates.isEmpty()) {
      return UNMATCHED;
    }
    List<String> outermostFirst = new ArrayList<>(templates.size());
    for (int i = templates.size() - 1; i >= 0; i--) {
      outermostFirst.add(templates.get(i).getTemplate());
    }
    return ROUTES.computeIfAbsent(outermostFirst, RouteTemplates::join);
  }

  private static String status(RequestEvent event) {
    ContainerResponse response = event.getContainerResponse();
    if (response == null) {
      return "500";
    }
    return Integer.toString(response.getStatus());
  }
}
