package io.catalog.cli;

import io.catalog.localstack.StackConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The API and workers processes of a stack ({@code ./platform up}: dev; {@code up --cluster}:
 * cluster), with the environment that points them at it and pid files in {@code
 * .platform/<profile>/apps}.
 */
record AppProcesses(AppProcess api, AppProcess workers) {
  static final int API_PORT = 8000;
  static final int ADMIN_PORT = 8001;
  static final int WORKERS_PORT = 8002;

  static AppProcesses of(StackConfig config) {
    Map<String, String> env = config.endpoints().toEnv();
    env.put("API_PORT", Integer.toString(port("API_PORT", API_PORT)));
    env.put("ADMIN_PORT", Integer.toString(port("ADMIN_PORT", ADMIN_PORT)));
    env.put("WORKERS_METRICS_PORT", Integer.toString(port("WORKERS_METRICS_PORT", WORKERS_PORT)));
    Path root = config.root();
    Path runDir = config.dataDir().resolve("apps");
    return new AppProcesses(
        new AppProcess("api", root, runDir, command(root, "api"), env),
        new AppProcess("workers", root, runDir, command(root, "workers"), env));
  }

  /** The command line of {@code api} or {@code workers}, from the built jars under {@code root}. */
  static List<String> command(Path root, String app) {
    return switch (app) {
      case "api" ->
          AppProcess.javaCommand(
              root, "api-service", "io.catalog.api.ApiApplication", "server", "config/api.yml");
      case "workers" -> AppProcess.javaCommand(root, "workers", "io.catalog.workers.WorkersMain");
      default -> throw new IllegalArgumentException("no app " + app);
    };
  }

  List<AppProcess> all() {
    return List.of(api, workers);
  }

  static int port(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }
}
