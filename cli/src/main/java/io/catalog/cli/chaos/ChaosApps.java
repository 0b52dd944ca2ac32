package io.catalog.cli.chaos;

import io.catalog.localstack.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The API and workers processes of one chaos run: started with the run's own database and name
 * prefix on free ports, SIGKILLed and restarted by faults, stopped at the end.
 */
final class ChaosApps implements AutoCloseable {
  private final Launcher launcher;
  private final Map<String, String> env;
  final int apiPort;
  final int workersPort;
  private final Map<String, Process> processes = new HashMap<>();

  ChaosApps(Launcher launcher, Map<String, String> baseEnv) {
    this.launcher = launcher;
    this.apiPort = freePort();
    this.workersPort = freePort();
    this.env = new HashMap<>(baseEnv);
    env.put("API_PORT", Integer.toString(apiPort));
    env.put("ADMIN_PORT", Integer.toString(freePort()));
    env.put("WORKERS_METRICS_PORT", Integer.toString(workersPort));
    // A killed publisher workflow is restarted by the workers' supervisor within seconds.
    env.put("OUTBOX_SUPERVISE_SECONDS", "5");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  /** Starts {@code api} or {@code workers} unless it runs. */
  synchronized void start(String app) throws IOException {
    Process current = processes.get(app);
    if (current == null || !current.isAlive()) {
      processes.put(app, launcher.start(app, env));
    }
  }

  /** SIGKILL: no shutdown hook, no commit, no goodbye. */
  synchronized void kill(String app) throws InterruptedException {
    kill(processes.get(app));
  }

  private static void kill(Process process) throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  boolean apiHealthy() {
    return ok(apiUrl() + "/health");
  }

  boolean workersHealthy() {
    return ok("http://127.0.0.1:" + workersPort + "/health");
  }

  private static boolean ok(String url) {
    return Probes.ok(url, Duration.ofSeconds(5));
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
