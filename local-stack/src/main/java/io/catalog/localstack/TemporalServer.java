package io.catalog.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Temporal dev server with its Web UI ({@code temporal server start-dev}), persisting to a
 * SQLite file in the profile's folder so workflows survive a restart.
 */
public final class TemporalServer extends AbstractServer implements TemporalService {

  private final TemporalTools tools;

  TemporalServer(StackConfig config) {
    super(config, "temporal", config.ports().temporal(), "TEMPORAL_PORT");
    this.tools = new TemporalTools(config);
  }

  /** The Web UI's port. */
  public int uiPort() {
    return config.ports().temporalUi();
  }

  /** The frontend port accepts connections and the Web UI answers HTTP. */
  @Override
  public boolean isUp() {
    return Probes.portOpen(port()) && Probes.httpAnswers(uiPort());
  }

  /** Up, and namespace {@code default} can be described through the frontend. */
  @Override
  protected boolean ready() {
    return isUp() && namespaceReady();
  }

  @Override
  public Path cli() {
    return tools.cli();
  }

  /** The SQLite file that holds namespaces, workflows and histories. */
  public Path databaseFile() {
    return dir.resolve("temporal.db");
  }

  @Override
  protected Process launch() throws IOException {
    List<String> command =
        List.of(
            cli().toString(),
            "server",
            "start-dev",
            "--ip",
            StackConfig.HOST,
            "--port",
            Integer.toString(port()),
            "--ui-port",
            Integer.toString(uiPort()),
            "--db-filename",
            databaseFile().toString(),
            "--namespace",
            "default",
            "--log-level",
            "warn");
    Process process = Processes.startDetached(command, dir, Map.of(), logFile());
    Processes.writePid(pidFile(), process.pid());
    return process;
  }
}
