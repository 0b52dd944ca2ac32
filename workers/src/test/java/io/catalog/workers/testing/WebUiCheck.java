package io.catalog.workers.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator at the Temporal Web UI: {@code e2e/rebuild-ui.mjs} in headless Chromium fills the
 * Start Workflow form, waits until the run is closed and prints what the page showed as one JSON
 * line ({@code status}, {@code details}, {@code whileRunning}). The script reads {@code
 * WORKFLOW_ID}, {@code TASK_QUEUE} and optionally {@code WORKFLOW_TYPE} and {@code DETAILS_PATTERN}
 * from the environment given to {@link #start}.
 */
public final class WebUiCheck {
  private static final Logger log = LoggerFactory.getLogger(WebUiCheck.class);
  private static final Path E2E = Path.of("..", "e2e").toAbsolutePath().normalize();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Process process;
  private final Path output;

  private WebUiCheck(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Skips the test where Chromium or {@code e2e/node_modules} is not installed. */
  public static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no " + CHROMIUM + ": install it with scripts/install-tools.sh --with-browser");
    assumeTrue(
        Files.isDirectory(E2E.resolve("node_modules/playwright-core")),
        "no " + E2E + "/node_modules: install it with npm ci --prefix e2e");
  }

  /**
   * Starts the browser; {@code name} names its log ({@code target/NAME.log}) and its last
   * screenshot ({@code /tmp/NAME.png}).
   */
  public static WebUiCheck start(String name, Map<String, String> env) throws IOException {
    Path output = Path.of("target", name + ".log").toAbsolutePath();
    ProcessBuilder node =
        new ProcessBuilder(List.of("node", E2E.resolve("rebuild-ui.mjs").toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    node.environment().putAll(env);
    node.environment().put("UI_URL", LocalStack.shared().config().temporalUiUrl());
    node.environment().put("CHROMIUM", CHROMIUM.toString());
    node.environment().put("SCREENSHOT", "/tmp/" + name + ".png");
    return new WebUiCheck(node.start(), output);
  }

  /** Waits up to 4 minutes for the script, asserts it succeeded and returns what it saw. */
  public JsonNode awaitResult() throws IOException, InterruptedException {
    boolean exited = process.waitFor(4, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output);
    log.info("e2e/rebuild-ui.mjs printed: {}", printed);
    assertThat(exited).as("the browser check ended within 4 minutes").isTrue();
    assertThat(process.exitValue()).as(printed).isZero();
    return Json.mapper()
        .readTree(printed.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
  }
}
