package io.catalog.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Temporal Web UI of the cluster profile: Temporal's UI server ({@code temporal-ui-server},
 * built from {@code github.com/temporalio/ui-server/v2}, the UI's assets embedded) in front of the
 * {@link TemporalClusterServer}'s frontend. The dev server's UI cannot serve: {@code temporal
 * server start-dev} has no option to point its UI at another frontend.
 */
public final class TemporalUiServer extends AbstractServer {

  private final TemporalServerTools tools;

  TemporalUiServer(StackConfig config) {
    super(config, "temporal-ui", config.ports().temporalUi(), "TEMPORAL_UI_PORT");
    this.tools = new TemporalServerTools(config);
  }

  /** Any HTTP answer on its port (the UI is a single-page app served on {@code /}). */
  @Override
  public boolean isUp() {
    return Probes.httpAnswers(port());
  }

  @Override
  public void start() {
    tools.ensureInstalled();
    super.start();
  }

  /** The UI server reads {@code <root>/config/<env>.yaml}; env {@code local-stack}. */
  static String settings(StackConfig config) {
    return String.join(
        "\n",
        "# Written by local-stack on every start; edits are lost.",
        "temporalGrpcAddress: " + StackConfig.HOST + ":" + config.ports().temporal(),
        "host: " + StackConfig.HOST,
        "port: " + config.ports().temporalUi(),
        "enableUi: true",
        "defaultNamespace: default",
        "disableNewsFetch: true",
        "notifyOnNewVersion: false",
        "refreshInterval: 0s",
        "cors:",
        // Plain HTTP on loopback: a Secure CSRF cookie would never come back.
        "  cookieInsecure: true",
        "");
  }

  @Override
  protected Process launch() throws IOException {
    Path configDir = dir.resolve("config");
    Files.createDirectories(configDir);
    Files.writeString(
        configDir.resolve("local-stack.yaml"), settings(config), StandardCharsets.UTF_8);
    List<String> command =
        List.of(
            tools.uiServer().toString(),
            "--root",
            dir.toString(),
            "--config",
            "config",
            "--env",
            "local-stack",
            "start");
    Process process = Processes.startDetached(command, dir, Map.of(), logFile());
    Processes.writePid(pidFile(), process.pid());
    return process;
  }
}
