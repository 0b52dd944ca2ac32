package io.catalog.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.catalog.api.ApiConfiguration;
import io.catalog.api.testing.ApiHarness;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.testkit.RealPrometheus;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.FaultyConsumers;
import io.catalog.workers.testing.ItStack;
import io.catalog.workflows.rebuild.RebuildInput;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The platform's metrics against a real Prometheus that scrapes the API and the workers of a stack
 * slice every second and evaluates {@code ops/prometheus/alerts.yml}: both endpoints pass {@code
 * promtool check metrics}, every panel of the Grafana dashboard answers with at least one series,
 * and the consumer-down alert follows a consumer that a fault stops and that then recovers.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("invariant") // a fault test, never rerun: see the failsafe executions in the root pom
class PrometheusIT {
  static final Path DASHBOARD =
      Path.of("..", "ops", "grafana", "dashboards", "catalog-platform.json")
          .toAbsolutePath()
          .normalize();
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String SELLER = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

  static final ItStack STACK = ItStack.create();
  static final FaultyConsumers CONSUMERS = new FaultyConsumers(STACK.endpoints.kafkaBootstrap());
  static final Workers WORKERS = Workers.start(STACK.config(Map.of()), CONSUMERS);
  static final ApiHarness API = new ApiHarness(STACK.db.jdbcUrl(), STACK.names.prefix());
  static final DropwizardAppExtension<ApiConfiguration> APP = API.app;
  static Path dir;
  static RealPrometheus prometheus;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("prometheus-it");
    prometheus =
        RealPrometheus.start(
            dir, "127.0.0.1:" + APP.getLocalPort(), "127.0.0.1:" + WORKERS.metricsPort());
    await("both targets scraped")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(prometheus.query("up == 1")).hasSize(2));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    WORKERS.close();
    STACK.close();
  }

  @Test
  @Order(1)
  void bothEndpointsPassPromtoolCheckMetrics() throws Exception {
    assertThat(API.post("/products", product("promtool"), Map.of()).statusCode()).isEqualTo(201);
    assertThat(API.get("/products/not-a-uuid").statusCode()).isEqualTo(400);
    String api = "http://127.0.0.1:" + APP.getLocalPort() + "/metrics";
    // The create above was written (alone or with others) and woke the publishers.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                value(fetch(api), "products_create_written") >= 1
                    && value(fetch(api), "products_create_transactions") >= 1
                    && value(fetch(api), "outbox_wakeups_sent") >= 1);

    for (String endpoint :
        List.of(
            "http://127.0.0.1:" + APP.getLocalPort() + "/metrics",
            "http://127.0.0.1:" + WORKERS.metricsPort() + "/metrics")) {
      String text = fetch(endpoint);
      assertThat(text).as(endpoint).contains("jvm_memory_used_bytes");
      Process promtool =
          new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
      promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      promtool.getOutputStream().close();
      String findings =
          new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(findings).as(endpoint).isEmpty();
      assertThat(promtool.exitValue()).as(endpoint).isZero();
    }
  }

  @Test
  @Order(2)
  void everyDashboardPanelAnswersWithAtLeastOneSeries() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(API.post("/products", product("panel " + i), Map.of()).statusCode())
          .isEqualTo(201);
    }
    assertThat(API.get("/products/not-a-uuid").statusCode()).isEqualTo(400);
    // A rebuild held open (throttled, then paused) so that its progress panel has a series.
    RebuildClient rebuilds = new RebuildClient(WORKERS.client(), STACK.names);
    rebuilds.start(
        RebuildInput.fromDatabase().with(f -> f.batchSize = 1).with(f -> f.maxDocsPerSecond = 1));
    rebuilds.pause();
    try {
      Map<String, List<String>> panels = panelQueries();
      assertThat(panels).hasSizeGreaterThanOrEqualTo(16);
      await("every panel has a series")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(panelsWithoutSeries(panels)).isEmpty());
    } finally {
      rebuilds.cancel();
    }
    // A gauge whose source ended goes with it: no last value of a cancelled rebuild stays behind.
    String workers = "http://127.0.0.1:" + WORKERS.metricsPort() + "/metrics";
    await("the cancelled rebuild's gauges gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !fetch(workers).contains("rebuild_progress_ratio{"));
    assertThat(fetch(workers)).doesNotContain("ProductSearchRebuildWorkflow");
  }

  @Test
  @Order(3)
  void theConsumerDownAlertFiresWithinItsWindowWhileAFaultStopsTheConsumerAndClearsAfter()
      throws Exception {
    JsonNode rule = alertRule("ConsumerDown");
    String expr = rule.path("expr").asText();
    Duration window = Duration.ofSeconds(promDurationSeconds(rule.path("for").asText()));
    await("consumers up")
        .atMost(Duration.ofSeconds(60))
        .until(() -> prometheus.query(expr).isEmpty());

    CONSUMERS.pollBroken.set(true);
    try {
      await("ConsumerDown expression true")
          .atMost(window)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> consumers(prometheus.query(expr)).contains("projection"));
    } finally {
      CONSUMERS.pollBroken.set(false);
    }

    // The supervisor retries with a back-off of at most 30 s.
    await("ConsumerDown expression false again")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> prometheus.query(expr).isEmpty());
  }

  /**
   * Panel title → its queries, {@code $__rate_interval} as Grafana would set it for a 1 s scrape.
   */
  static Map<String, List<String>> panelQueries() throws Exception {
    Map<String, List<String>> panels = new TreeMap<>();
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
      List<String> queries = new ArrayList<>();
      panel
          .path("targets")
          .forEach(t -> queries.add(t.path("expr").asText().replace("$__rate_interval", "15s")));
      panels.put(panel.path("title").asText(), queries);
    }
    return panels;
  }

  static List<String> panelsWithoutSeries(Map<String, List<String>> panels) {
    List<String> empty = new ArrayList<>();
    panels.forEach(
        (title, queries) -> {
          if (queries.stream().allMatch(q -> prometheus.query(q).isEmpty())) {
            empty.add(title + " " + queries);
          }
        });
    return empty;
  }

  static JsonNode alertRule(String name) throws Exception {
    for (JsonNode group : YAML.readTree(RealPrometheus.RULES.toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("alert").asText().equals(name)) {
          return rule;
        }
      }
    }
    throw new AssertionError("no alert rule " + name + " in " + RealPrometheus.RULES);
  }

  static long promDurationSeconds(String duration) {
    long n = Long.parseLong(duration.substring(0, duration.length() - 1));
    return switch (duration.charAt(duration.length() - 1)) {
      case 's' -> n;
      case 'm' -> n * 60;
      case 'h' -> n * 3600;
      default -> throw new IllegalArgumentException(duration);
    };
  }

  static List<String> consumers(JsonNode series) {
    List<String> names = new ArrayList<>();
    series.forEach(s -> names.add(s.path("metric").path("consumer").asText()));
    return names;
  }

  static String product(String title) {
    return "{\"seller_id\":\""
        + SELLER
        + "\",\"title\":\""
        + title
        + "\",\"price\":1.50,\"stock\":1}";
  }

  static String fetch(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  /** The value of an unlabelled sample {@code name} in Prometheus text, or -1 when it is absent. */
  private static double value(String text, String name) {
    return text.lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
        .findFirst()
        .orElse(-1);
  }
}
