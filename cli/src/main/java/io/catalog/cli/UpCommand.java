package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import io.catalog.localstack.StackConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    description = {
      "Start Postgres, Kafka, Elasticsearch, the Temporal dev server, the API and the workers on loopback,",
      "wait until /health is ok, print the URLs and stay in the foreground. Ctrl-C (or `./platform down`)",
      "stops everything this command started; servers that were already running are left running.",
      "With --cluster: three Kafka brokers, three Elasticsearch nodes and the Temporal server on Postgres",
      "(ports +20000, data in .platform/cluster; `./platform down --cluster` stops it)."
    })
final class UpCommand extends StackCommand {
  @Mixin Console console;

  @Option(
      names = "--timeout",
      description = "Seconds to wait for /health to turn ok (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 240;

  @Override
  int run(StackConfig config) throws Exception {
    PrintWriter out = console.out();
    boolean cluster = which.cluster();
    LocalStack stack = LocalStack.of(config);
    List<ManagedServer> startedHere = new ArrayList<>();
    for (ManagedServer server : stack.servers()) {
      if (!server.isUp()) {
        startedHere.add(server);
      }
    }
    AppProcesses apps = AppProcesses.of(config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping…");
                  out.flush();
                  apps.all().forEach(a -> a.stop(Duration.ofSeconds(20)));
                  startedHere.forEach(ManagedServer::stop);
                },
                "platform-down"));

    refuseTakenPorts(apps);
    out.println(
        (cluster
                ? "starting Postgres, 3 Kafka brokers, 3 Elasticsearch nodes, the Temporal server"
                    + " and its UI"
                : "starting Postgres, Kafka, Elasticsearch and Temporal")
            + " (data in "
            + config.dataDir()
            + ")");
    out.flush();
    stack.ensureUp();
    Endpoints e = stack.endpoints();
    Database.migrate(e.dbUrl(), e.dbUser(), e.dbPassword());

    List<Process> children = startApps(out, apps);
    String health =
        "http://127.0.0.1:" + AppProcesses.port("API_PORT", AppProcesses.API_PORT) + "/health";
    awaitHealthy(health, apps, children);
    printUrls(out, e, config);

    for (Process child : children) {
      int code = child.waitFor();
      out.println(
          "a platform process exited with code "
              + code
              + "; logs in "
              + config.dataDir().resolve("apps/logs"));
      out.flush();
      return 1;
    }
    // Nothing was started here (all already running): keep the foreground until Ctrl-C.
    Thread.currentThread().join();
    return 0;
  }

  /** Starts the API and the workers unless they run already; returns those it started. */
  private static List<Process> startApps(PrintWriter out, AppProcesses apps)
      throws java.io.IOException {
    List<Process> children = new ArrayList<>();
    for (AppProcess app : apps.all()) {
      if (app.running().isPresent()) {
        out.println(app.name() + " already running (pid " + app.running().get().pid() + ")");
      } else {
        children.add(app.start());
        out.println("started " + app.name() + ", log " + app.logFile());
      }
      out.flush();
    }
    return children;
  }

  /**
   * The API and workers of every profile share ports 8000-8002: an app of another profile (or any
   * other process) on them would answer /health for the one this command starts.
   */
  private static void refuseTakenPorts(AppProcesses apps) {
    int[][] ports = {
      {
        AppProcesses.port("API_PORT", AppProcesses.API_PORT),
        AppProcesses.port("ADMIN_PORT", AppProcesses.ADMIN_PORT)
      },
      {AppProcesses.port("WORKERS_METRICS_PORT", AppProcesses.WORKERS_PORT)}
    };
    for (int i = 0; i < apps.all().size(); i++) {
      if (apps.all().get(i).running().isPresent()) {
        continue;
      }
      for (int port : ports[i]) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
          throw new IllegalStateException(
              "port "
                  + port
                  + " of the "
                  + apps.all().get(i).name()
                  + " is taken by another process (`./platform up` of another profile?);"
                  + " stop it with `./platform down [--cluster]` or set API_PORT, ADMIN_PORT,"
                  + " WORKERS_METRICS_PORT");
        } catch (java.io.IOException free) {
          // Nothing listens: the port is free.
        }
      }
    }
  }

  private void awaitHealthy(String url, AppProcesses apps, List<Process> children)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      for (int i = 0; i < children.size(); i++) {
        if (!children.get(i).isAlive()) {
          throw new IllegalStateException(
              apps.all().get(i).name()
                  + " exited during start-up; see "
                  + apps.all().get(i).logFile());
        }
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(6)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.body();
      } catch (java.io.IOException ex) {
        last = ex.toString();
      }
      Thread.sleep(500); // polling an external process; there is no event to wait on
    }
    throw new IllegalStateException(
        "/health did not turn ok within " + timeoutSeconds + " s: " + last);
  }

  private static void printUrls(PrintWriter out, Endpoints e, StackConfig config) {
    int api = AppProcesses.port("API_PORT", AppProcesses.API_PORT);
    out.println();
    out.println("catalog platform is up");
    out.printf(
        "  API            http://127.0.0.1:%d   (/products, /health, /metrics, /openapi.json)%n",
        api);
    out.printf(
        "  API admin      http://127.0.0.1:%d%n",
        AppProcesses.port("ADMIN_PORT", AppProcesses.ADMIN_PORT));
    out.printf(
        "  Workers        http://127.0.0.1:%d/metrics%n",
        AppProcesses.port("WORKERS_METRICS_PORT", AppProcesses.WORKERS_PORT));
    out.printf("  Temporal UI    %s%n", config.temporalUiUrl());
    out.printf("  Temporal gRPC  %s%n", e.temporalTarget());
    out.printf("  Elasticsearch  %s%n", e.elasticsearchUrl());
    out.printf("  Kafka          %s%n", e.kafkaBootstrap());
    out.printf("  Postgres       %s (user/password platform)%n", e.dbUrl());
    Path tools = config.toolsDir().resolve("bin");
    out.printf(
        "  temporal CLI   %s workflow list --address %s%n",
        tools.resolve("temporal"), e.temporalTarget());
    Path tctl = tools.resolve("tctl");
    if (Files.isExecutable(tctl)) {
      out.printf(
          "  tctl           %s --address %s workflow list --open%n", tctl, e.temporalTarget());
    } else {
      out.println(
          "  tctl           not built: it needs Go (apt-get install golang-go), then scripts/install-tools.sh");
    }
    out.printf("  both on PATH   export PATH=\"%s:$PATH\"%n", tools);
    out.println("Ctrl-C stops everything.");
    out.flush();
  }
}
