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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    assertThat(workloads).containsExactly("W1", "W2", "W3", "W4", "W5", "W6", "W7");
    assertThat(ratios).contains("W1", "W2", "W3", "W4", "W6", "W7").hasSizeGreaterThanOrEqualTo(8);
    openLoopPointsSayWhereTheCoresWent(report);
    relayDrainedThreeTimesEachWay(report);
    bulkPhasesVacuumedBeforeTheLatenciesAfterThem(report);
    relayScaleOutReportedAndItsProcessesGone(report);
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

  /**
   * Each point of W1's open loop (two in --quick: half the measured maximum and all of it) has a
   * note with each process's CPU while it was offered, as the closed loops have.
   */
  static void openLoopPointsSayWhereTheCoresWent(JsonNode report) {
    List<String> points = new ArrayList<>();
    report.path("notes").forEach(n -> points.add(n.asText()));
    points.removeIf(n -> !n.matches("W1 at \\d+/s offered .*: CPU of one core api \\d+%.*"));
    assertThat(points).hasSize(2).allMatch(n -> n.contains("CPU ms per operation api "));
  }

  /**
   * W2's throughput rows are the medians of three drains by the publisher workflows, each followed
   * by one of the raw relay, and a note gives every pair.
   */
  static void relayDrainedThreeTimesEachWay(JsonNode report) {
    List<String> drains = new ArrayList<>();
    report.path("notes").forEach(n -> drains.add(n.asText()));
    drains.removeIf(n -> !n.startsWith("W2 drains, publisher workflows vs raw relay, in order:"));
    assertThat(drains).hasSize(1);
    assertThat(drains.get(0).split(";")).hasSize(4);
    assertThat(drains.get(0))
        .matches(".*: \\d+ vs \\d+ \\([0-9.]+×\\)(; \\d+ vs \\d+ \\([0-9.]+×\\)){2}; the rows .*");
  }

  /**
   * W1's open loop and W2's write→Kafka each follow a bulk phase; its dead rows are vacuumed before
   * they are measured, not by an autovacuum inside their windows.
   */
  static void bulkPhasesVacuumedBeforeTheLatenciesAfterThem(JsonNode report) {
    List<String> vacuums = new ArrayList<>();
    report.path("notes").forEach(n -> vacuums.add(n.asText()));
    vacuums.removeIf(n -> !n.contains(": the bulk phases' dead rows vacuumed first, in "));
    assertThat(vacuums)
        .hasSize(2)
        .anyMatch(n -> n.startsWith("W1 open loop: "))
        .anyMatch(n -> n.startsWith("W2 write→Kafka: "))
        .allMatch(n -> n.contains("(vacuumed outbox_events and products: "));
  }

  /**
   * W7: both ratios against 1 process × 1 shard, a per-process note for each configuration, and
   * none of the bench workers processes it started still running.
   */
  static void relayScaleOutReportedAndItsProcessesGone(JsonNode report) {
    List<String> measures = new ArrayList<>();
    for (JsonNode row : report.path("results")) {
      if (row.path("workload").asText().equals("W7")) {
        measures.add(row.path("measure").asText());
      }
    }
    assertThat(measures)
        .containsExactly(
            "relay events/s, 4 shards over 3 processes vs 1 process × 1 shard",
            "relay events/s, 1 process × 4 shards vs 1 × 1");
    List<String> perProcess = new ArrayList<>();
    report.path("notes").forEach(n -> perProcess.add(n.asText()));
    perProcess.removeIf(n -> !n.contains("each bench workers process"));
    assertThat(perProcess).hasSize(3);
    assertThat(perProcess.get(2))
        .startsWith("W7 3 processes × 4 shards")
        .contains("workers-w7-3x4-0", "workers-w7-3x4-1", "workers-w7-3x4-2", "sum CPU");
    Matcher pid = Pattern.compile("\\(pid (\\d+)\\)").matcher(String.join("\n", perProcess));
    int pids = 0;
    while (pid.find()) {
      pids++;
      assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).filter(ProcessHandle::isAlive))
          .as("bench workers process %s after the bench", pid.group(1))
          .isEmpty();
    }
    assertThat(pids).isEqualTo(5);
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
