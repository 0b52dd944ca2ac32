package io.catalog.workers.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.localstack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operator's command-line tools against the shared test stack's Temporal: the real {@code
 * temporal} CLI (installed by the local stack) and, where one exists, {@code tctl}.
 */
public final class TemporalCli {
  private TemporalCli() {}

  public static String address() {
    return LocalStack.shared().endpoints().temporalTarget();
  }

  /**
   * {@code temporal <args> --address <test stack> --namespace default}; fails on a non-zero exit.
   */
  public static String temporal(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LocalStack.shared().temporal().cli().toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--address", address(), "--namespace", "default"));
    return run(command);
  }

  /** {@code temporal workflow signal --workflow-id <id> --name <signal> [--input <json>]}. */
  public static String signal(String workflowId, String signal, String inputJson)
      throws IOException, InterruptedException {
    return inputJson == null
        ? temporal("workflow", "signal", "--workflow-id", workflowId, "--name", signal)
        : temporal(
            "workflow",
            "signal",
            "--workflow-id",
            workflowId,
            "--name",
            signal,
            "--input",
            inputJson);
  }

  /** {@code temporal workflow query --workflow-id <id> --name <query>}, its JSON answer. */
  public static JsonNode query(String workflowId, String query)
      throws IOException, InterruptedException {
    String out = temporal("workflow", "query", "--workflow-id", workflowId, "--name", query);
    return Json.mapper().readTree(out.substring(out.indexOf('{')));
  }

  /** {@code tctl} from the project's tools or the PATH, if one is installed. */
  public static Optional<Path> tctl() {
    Path repoTools = LocalStack.shared().config().toolsDir().resolve("bin").resolve("tctl");
    return Stream.concat(Stream.of(repoTools), onPath("tctl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * The tctl the tests use. Wherever Go is installed {@code scripts/install-tools.sh} builds it
   * (which {@code ./platform test} runs first), so a missing tctl there is a failure, not a skip;
   * only a machine without Go skips the tctl variants.
   */
  public static Path requireTctl() {
    Optional<Path> tctl = tctl();
    if (tctl.isPresent()) {
      return tctl.get();
    }
    boolean go = onPath("go").anyMatch(Files::isExecutable);
    assertThat(go)
        .as(
            "Go is on this machine but tctl is not built: run scripts/install-tools.sh, which builds"
                + " tctl 1.13.0 into .platform/tools/bin")
        .isFalse();
    assumeTrue(
        false,
        "no Go on this machine, so no tctl; the temporal CLI variant covers the same signals");
    throw new AssertionError("unreachable");
  }

  /** {@code tctl --address <test stack> --namespace default <args>}. */
  public static String tctl(Path tctl, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(tctl.toString(), "--address", address(), "--namespace", "default"));
    command.addAll(List.of(args));
    return run(command);
  }

  /** {@code tctl workflow query -w <id> --qt <query>}: the first result of its JSON answer. */
  public static JsonNode tctlQuery(Path tctl, String workflowId, String query)
      throws IOException, InterruptedException {
    String out = tctl(tctl, "workflow", "query", "-w", workflowId, "--qt", query);
    int start =
        out.indexOf('[') >= 0 && out.indexOf('[') < out.indexOf('{')
            ? out.indexOf('[')
            : out.indexOf('{');
    assertThat(start).as("a JSON answer from tctl:%n%s", out).isNotNegative();
    JsonNode answer = Json.mapper().readTree(out.substring(start));
    return answer.isArray() ? answer.get(0) : answer;
  }

  private static Stream<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(s -> !s.isBlank())
        .map(dir -> Path.of(dir, program));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
    }
    String output = new String(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
    return output;
  }
}
