package io.catalog.cli.chaos;

import io.catalog.localstack.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The API and workers processes of one chaos run: one or more of each ({@code api}, {@code api-2},
 * {@code workers}, {@code workers-2}, ...), started with the run's own database and name prefix on
 * free ports, SIGKILLed and restarted by faults, stopped at the end.
 */
final class ChaosApps implements AutoCloseable {
  private final Launcher launcher;

  /** Each instance's environment: the run's, with the instance's own ports. */
  private final Map<String, Map<String, String>> instances = new LinkedHashMap<>();

  private final Map<String, Process> processes = new HashMap<>();

  ChaosApps(Launcher launcher, Map<String, String> baseEnv) {
    this(launcher, baseEnv, 1, 1);
  }

  ChaosApps(Launcher launcher, Map<String, String> baseEnv, int apis, int workers) {
    this.launcher = launcher;
    for (int i = 1; i <= workers; i++) {
      Map<String, String> env = withQuickStart(baseEnv);
      env.put("WORKERS_METRICS_PORT", Integer.toString(freePort()));
      // A killed publisher workflow is restarted by the workers' supervisor within seconds.
      env.put("OUTBOX_SUPERVISE_SECONDS", "5");
      instances.put(instance("workers", i), env);
    }
    for (int i = 1; i <= apis; i++) {
      Map<String, String> env = withQuickStart(baseEnv);
      env.put("API_PORT", Integer.toString(freePort()));
      env.put("ADMIN_PORT", Integer.toString(freePort()));
      instances.put(instance("api", i), env);
    }
  }

  /**
   * The run's environment with the JIT limited to its first tier. A run restarts these JVMs under
   * load on the same cores as every server; C2's compiler threads then compete with all of them,
   * and a restart takes about a minute. A chaos run checks what the platform keeps and loses, not
   * how fast it goes (that is the bench's business), so its processes start the cheap way.
   */
  private static Map<String, String> withQuickStart(Map<String, String> baseEnv) {
    Map<String, String> env = new HashMap<>(baseEnv);
    env.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1");
    return env;
  }

  /** {@code api}, {@code api-2}, ...: the first of a kind keeps the kind's name. */
  private static String instance(String app, int i) {
    return i == 1 ? app : app + "-" + i;
  }

  private static String kind(String instance) {
    return instance.startsWith("api") ? "api" : "workers";
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first API's address. */
  String apiUrl() {
    return apiUrls().get(0);
  }

  /** Every API's address, the first one first. */
  List<String> apiUrls() {
    return instancesOf("api").stream()
        .map(i -> "http://127.0.0.1:" + instances.get(i).get("API_PORT"))
        .toList();
  }

  private List<String> instancesOf(String app) {
    return instances.keySet().stream().filter(i -> kind(i).equals(app)).toList();
  }

  /** Starts every instance of {@code api} or {@code workers} that does not run. */
  synchronized void start(String app) throws IOException {
    for (String instance : instancesOf(app)) {
      Process current = processes.get(instance);
      if (current == null || !current.isAlive()) {
        processes.put(instance, launcher.start(kind(instance), instance, instances.get(instance)));
      }
    }
  }

  /**
   * SIGKILL of one instance of {@code app}, chosen at random when there are several: no shutdown
   * hook, no commit, no goodbye. Returns the instance's name.
   */
  synchronized String killOne(String app, Random random) throws InterruptedException {
    List<String> all = instancesOf(app);
    String victim = all.size() == 1 ? all.get(0) : all.get(random.nextInt(all.size()));
    kill(processes.get(victim));
    return victim;
  }

  private static void kill(Process process) throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Every instance of both kinds answers its health check. */
  boolean allHealthy() {
    return instancesOf("api").stream().allMatch(this::healthy)
        && instancesOf("workers").stream().allMatch(this::healthy);
  }

  /**
   * At least one instance of each kind answers its health check: the platform serves, as it does
   * behind a load balancer while a replica restarts.
   */
  boolean serving() {
    return instancesOf("api").stream().anyMatch(this::healthy)
        && instancesOf("workers").stream().anyMatch(this::healthy);
  }

  private boolean healthy(String instance) {
    String port =
        instances
            .get(instance)
            .get(kind(instance).equals("api") ? "API_PORT" : "WORKERS_METRICS_PORT");
    return Probes.ok("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(5));
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public synchronized void close() throws InterruptedException {
    for (Process p : processes.values()) {
      if (p != null && p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          kill(p);
        }
      }
    }
  }
}
