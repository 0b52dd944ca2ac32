package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.api.RouteTemplates;
import io.catalog.api.health.HealthResource;
import io.catalog.api.metrics.MetricsResource;
import io.catalog.api.ops.DlqResource;
import io.catalog.api.ops.RebuildsResource;
import io.catalog.api.ops.ReplayResource;
import io.catalog.api.ops.ReplaysResource;
import io.catalog.search.api.SearchResource;
import io.catalog.search.query.SearchParams;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document lists exactly the routes the resources serve. */
class OpenApiContractTest {
  static final List<Class<?>> RESOURCES =
      List.of(
          ProductsResource.class,
          ProductResource.class,
          HealthResource.class,
          MetricsResource.class,
          OpenApiResource.class,
          SearchResource.class,
          DlqResource.class,
          ReplaysResource.class,
          ReplayResource.class,
          RebuildsResource.class);

  static Set<String> routesOfResources() {
    Set<String> routes = new TreeSet<>();
    for (Class<?> resource : RESOURCES) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method m : resource.getMethods()) {
        for (var annotation : m.getAnnotations()) {
          HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
          if (http != null) {
            Path sub = m.getAnnotation(Path.class);
            // A template's regular expression ({id: ...}) is the server's business, not the
            // document's: the route is what the metrics name too.
            String path =
                RouteTemplates.join(sub == null ? List.of(base) : List.of(base, sub.value()));
            routes.add(http.value().toLowerCase(Locale.ROOT) + " " + path);
          }
        }
      }
    }
    return routes;
  }

  static Set<String> routesOfDocument() throws Exception {
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.json")) {
      JsonNode paths = new ObjectMapper().readTree(in).get("paths");
      Set<String> routes = new TreeSet<>();
      paths
          .fields()
          .forEachRemaining(
              p ->
                  p.getValue()
                      .fieldNames()
                      .forEachRemaining(m -> routes.add(m + " " + p.getKey())));
      return routes;
    }
  }

  @Test
  void documentAndResourcesAgree() throws Exception {
    assertThat(routesOfDocument()).isEqualTo(routesOfResources());
  }

  @Test
  void theSearchParametersAreTheOnesTheEndpointReads() throws Exception {
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.json")) {
      JsonNode parameters =
          new ObjectMapper().readTree(in).at("/paths/~1products~1search/get/parameters");
      List<String> names = new ArrayList<>();
      parameters.forEach(p -> names.add(p.get("name").asText()));
      assertThat(names).containsExactlyInAnyOrderElementsOf(SearchParams.NAMES);
    }
  }

  @Test
  void everyOperationDocumentsItsErrorsAsProblemDetails() throws Exception {
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.json")) {
      JsonNode paths = new ObjectMapper().readTree(in).get("paths");
      paths
          .fields()
          .forEachRemaining(
              p ->
                  p.getValue()
                      .fields()
                      .forEachRemaining(
                          op ->
                              op.getValue()
                                  .get("responses")
                                  .fields()
                                  .forEachRemaining(
                                      r -> {
                                        int status = Integer.parseInt(r.getKey());
                                        if (status >= 400 && status != 503) {
                                          assertThat(r.getValue().toString())
                                              .as(op.getKey() + " " + p.getKey() + " " + status)
                                              .contains(
                                                  "application/problem+json",
                                                  "#/components/schemas/Problem");
                                        }
                                      })));
    }
  }
}
