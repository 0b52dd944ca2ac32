package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.localstack.LocalStack;
import io.catalog.workers.testing.ItStack;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./platform bench --quick} end to end: the API and workers run from the built jars (as
 * {@code ./platform up} starts them) on a test slice, and the bench measures them against its raw
 * baselines. Asserts the shape of the result, not speed: every workload ran, each ratio exists.
 */
class BenchQuickIT {
  static ItStack stack;
  static final List<Process> apps = new ArrayList<>();
  static String apiUrl;
  static int workersPort;

  @BeforeAll
  static void start() throws Exception {
    stack = CliRun.sliceForCommands();
    Path root = LocalStack.shared().config().root();
    Path runDir = Path.of("target", "bench-it").toAbsolutePath();
    Files.createDirectories(runDir);
    int apiPort = freePort();
    workersPort = freePort();
    Map<String, String> env = new HashMap<>();
    for (String key :
        List.of(
            "DB_URL",
            "DB_USER",
            "DB_PASSWORD",
            "KAFKA_BOOTSTRAP",
            "ES_URL",
            "TEMPORAL_TARGET",
            "PLATFORM_NAME_PREFIX")) {
      env.put(key, System.getProperty(key));
    }
    env.put("API_PORT", Integer.toString(apiPort));
    env.put("ADMIN_PORT", Integer.toString(freePort()));
    env.put("WORKERS_METRICS_PORT", Integer.toString(workersPort));
    for (String app : List.of("workers", "api")) {
      apps.add(new AppProcess(app, root, runDir, AppProcesses.command(root, app), env).start());
    }
    apiUrl = "http://127.0.0.1:" + apiPort;
    System.setProperty("API_URL", apiUrl);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> ok(apiUrl + "/health") && ok("http://127.0.0.1:" + workersPort + "/health"));
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("API_URL");
    for (Process p : apps) {
      p.destroy();
      p.onExit().get();
    }
    stack.close();
  }

  @Test
  void quickBenchPrintsEveryWorkloadWithItsRatioAgainstTheRawBaseline() throws Exception {
    CliRun run = CliRun.platform("bench", "--quick", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode report = run.json();
    Set<String> workloads = new TreeSet<>();
    List<String> ratios = new ArrayList<>();
    for (JsonNode row : report.path("results")) {
      workloads.add(row.path("workload").asText());
      if (row.hasNonNull("ratio")) {
        assertThat(row.path("ratio").asDouble()).as(row.toString()).isPositive();
        assertThat(row.path("platform").asDouble()).as(row.toString()).isPositive();
        assertThat(row.path("baseline").asDouble()).as(row.toString()).isPositive();
        ratios.add(row.path("workload").asText());
      }
    }
    assertThat(workloads).containsExactly("W1", "W2", "W3", "W4", "W5", "W6");
    assertThat(ratios).contains("W1", "W2", "W3", "W4", "W6").hasSizeGreaterThanOrEqualTo(6);
    JsonNode w5 = null;
    for (JsonNode row : report.path("results")) {
      if (row.path("workload").asText().equals("W5")) {
        w5 = row;
      }
    }
    assertThat(w5.path("p50_ms").asDouble()).isPositive();
    assertThat(w5.path("p99_ms").asDouble()).isGreaterThanOrEqualTo(w5.path("p50_ms").asDouble());
    // Any failed measurement (lost records, a busy platform, a count mismatch) is a failure here.
    assertThat(report.path("failures")).as(report.path("notes").toString()).isEmpty();
  }

  static boolean ok(String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    return HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.discarding())
            .statusCode()
        == 200;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
