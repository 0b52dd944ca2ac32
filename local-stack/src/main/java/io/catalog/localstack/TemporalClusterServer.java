package io.catalog.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cluster profile's Temporal: the real server ({@code temporal-server}, built from {@code
 * go.temporal.io/server}), all four services in one process, on the stack's Postgres (see {@link
 * TemporalServerConfig}, {@link TemporalDatabases}). Namespace {@code default} is registered once
 * it serves, with one day of retention. Its Web UI is a server of its own, {@link
 * TemporalUiServer}.
 */
public final class TemporalClusterServer extends AbstractServer implements TemporalService {

  private static final String RETENTION = "1d";

  private final PostgresServer postgres;
  private final TemporalServerTools serverTools;
  private final TemporalTools cliTools;

  TemporalClusterServer(StackConfig config, PostgresServer postgres) {
    super(config, "temporal", config.ports().temporal(), "TEMPORAL_PORT");
    this.postgres = postgres;
    this.serverTools = new TemporalServerTools(config);
    this.cliTools = new TemporalTools(config);
  }

  @Override
  public Path cli() {
    return cliTools.cli();
  }

  /** The frontend's gRPC port accepts connections. */
  @Override
  public boolean isUp() {
    return Probes.portOpen(port());
  }

  /**
   * The frontend reports SERVING and namespace {@code default} exists. Registering it is part of
   * getting ready: the server starts with none, and only a serving frontend can register one.
   */
  @Override
  protected boolean ready() {
    if (!isUp() || !TemporalCli.run(cli(), address(), "operator", "cluster", "health").ok()) {
      return false;
    }
    if (namespaceReady()) {
      return true;
    }
    Processes.Result created =
        TemporalCli.run(
            cli(),
            address(),
            "operator",
            "namespace",
            "create",
            "--namespace",
            "default",
            "--retention",
            RETENTION);
    if (created.ok()) {
      log.info("registered Temporal namespace default (retention {})", RETENTION);
    }
    return false;
  }

  /** Installs the binaries if needed and waits for Postgres before the start-up clock runs. */
  @Override
  public void start() {
    serverTools.ensureInstalled();
    cli();
    postgres.start();
    super.start();
  }

  /** The server's YAML configuration, rewritten on every start. */
  public Path configFile() {
    return dir.resolve("config").resolve("temporal-server.yaml");
  }

  @Override
  protected Process launch() throws IOException {
    new TemporalDatabases(config, serverTools).prepare();
    Files.createDirectories(configFile().getParent());
    Files.writeString(configFile(), TemporalServerConfig.render(config), StandardCharsets.UTF_8);
    List<String> command =
        List.of(
            serverTools.server().toString(),
            "--config-file",
            configFile().toString(),
            "--allow-no-auth",
            "start");
    Process process = Processes.startDetached(command, dir, Map.of(), logFile());
    Processes.writePid(pidFile(), process.pid());
    return process;
  }
}
