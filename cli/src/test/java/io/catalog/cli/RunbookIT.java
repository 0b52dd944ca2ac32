package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps runbooks/ true. Every ```bash runnable block runs against a platform started the way
 * `./platform up` starts it (dev profile, the ports the runbooks name), and every `./platform …`
 * line in any block must parse as a real command with real options.
 */
class RunbookIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static Process platform;
  static Path upLog;

  @BeforeAll
  static void up() throws Exception {
    upLog = Files.createTempFile("platform-up", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        ROOT.resolve("cli/target/cli-0.1.0-SNAPSHOT.jar")
            + ":"
            + ROOT.resolve("cli/target/lib")
            + "/*";
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", classpath, "io.catalog.cli.PlatformCli", "up")
            .directory(ROOT.toFile());
    pb.environment().put("PLATFORM_HOME", ROOT.toString());
    pb.redirectErrorStream(true).redirectOutput(upLog.toFile());
    platform = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              if (!platform.isAlive()) {
                throw new AssertionError("./platform up exited:\n" + Files.readString(upLog));
              }
              return http.send(
                          HttpRequest.newBuilder(URI.create("http://127.0.0.1:8000/health"))
                              .timeout(Duration.ofSeconds(6))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode()
                  == 200;
            });
  }

  @AfterAll
  static void down() throws Exception {
    if (platform != null) {
      platform.destroy();
      if (!platform.waitFor(90, TimeUnit.SECONDS)) {
        platform.destroyForcibly();
      }
    }
  }

  record Block(Path file, int line, String code, boolean runnable) {
    String name() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  static List<Block> blocks(Path file) throws IOException {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i).strip();
      if (fence.startsWith("```bash") || fence.startsWith("```sh")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          code.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(file, start, code.toString(), fence.contains("runnable")));
      }
    }
    return blocks;
  }

  static List<Path> runbooks() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("runbooks"))) {
      return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
  }

  record Result(int exit, String output) {}

  /**
   * Runs a block as an operator would paste it: bash, from the repository root, failing on the
   * first error.
   */
  static Result run(String code) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", code)
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PLATFORM_HOME", ROOT.toString());
    Process p = pb.start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
      return new Result(-1, output + "\n(timed out)");
    }
    return new Result(p.exitValue(), output);
  }

  @TestFactory
  Stream<DynamicTest> everyRunnableBlockSucceeds() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : runbooks()) {
      for (Block block : blocks(file)) {
        if (block.runnable()) {
          tests.add(
              DynamicTest.dynamicTest(
                  block.name(),
                  () -> {
                    if (block.code().contains("tctl")) {
                      requireTctl();
                    }
                    Result r = run(block.code());
                    assertThat(r.exit())
                        .as(block.name() + "\n" + block.code() + "\n--- output ---\n" + r.output())
                        .isZero();
                  }));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(10);
    return tests.stream();
  }

  /**
   * The tool lines `./platform up` prints are lines an operator can paste: the temporal CLI and
   * tctl each list the running publishers, and after the PATH line both answer by name alone.
   */
  @Test
  void theTemporalToolLinesThatUpPrintsWork() throws Exception {
    requireTctl();
    List<String> printed = Files.readAllLines(upLog);
    for (String tool : List.of("temporal CLI", "tctl")) {
      String line =
          printed.stream()
              .filter(l -> l.startsWith("  " + tool + " "))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "./platform up printed no '" + tool + "' line:\n" + printed));
      Result r = run(line.substring(("  " + tool).length()).strip());
      assertThat(r.exit()).as(line + "\n" + r.output()).isZero();
      assertThat(r.output()).as(line).contains("outbox-publisher-0");
    }
    String path =
        printed.stream()
            .filter(l -> l.startsWith("  both on PATH "))
            .findFirst()
            .orElseThrow()
            .substring("  both on PATH ".length());
    Result r =
        run(
            path.strip()
                + "\ntctl --address 127.0.0.1:7233 cluster health\ntemporal operator cluster health --address 127.0.0.1:7233");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SERVING");
  }

  /**
   * tctl wherever Go can build it: `./platform test` installs it first, so a missing tctl on a
   * machine with Go is a failure; only a machine without Go skips the tctl blocks.
   */
  static void requireTctl() {
    if (Files.isExecutable(ROOT.resolve(".platform/tools/bin/tctl"))) {
      return;
    }
    boolean go =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(dir -> !dir.isBlank())
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "go")));
    assertThat(go)
        .as(
            "Go is on this machine but .platform/tools/bin/tctl is missing: run scripts/install-tools.sh")
        .isFalse();
    Assumptions.assumeTrue(false, "no Go on this machine, so no tctl");
  }

  /** Every `./platform …` line, runnable or not, names a real subcommand with real options. */
  @Test
  void everyPlatformCommandInTheRunbooksExists() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : runbooks()) {
      for (Block block : blocks(file)) {
        problems.addAll(unknownCommands(block));
      }
    }
    assertThat(problems).isEmpty();
  }

  static List<String> unknownCommands(Block block) {
    List<String> problems = new ArrayList<>();
    for (String line : block.code().split("\n")) {
      int at = line.indexOf("./platform ");
      if (at < 0) {
        continue;
      }
      // <placeholders> become one word; the command ends at a pipe, a list operator, a comment or
      // a redirect (`> file`, `2> file`).
      String command =
          line.substring(at + "./platform ".length())
              .replaceAll("<[^<>\\s]+>", "PLACEHOLDER")
              .split("\\s\\d?>|[|;&#>]")[0]
              .strip();
      if (command.equals("test") || command.isEmpty()) {
        continue;
      }
      try {
        PlatformCli.commandLine().parseArgs(words(command));
      } catch (picocli.CommandLine.ParameterException e) {
        problems.add(block.name() + ": ./platform " + command + " -> " + e.getMessage());
      }
    }
    return problems;
  }

  /**
   * A command line's words as a shell splits them: whitespace separates, and single or double
   * quotes keep a word with spaces in one (`--note "reindex window, ops-14"`), quotes removed.
   */
  static String[] words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words.toArray(String[]::new);
  }

  @Test
  void aWrongCommandInAScratchCopyIsCaught(@TempDir Path scratch) throws Exception {
    Path copy = scratch.resolve("04-outbox.md");
    String text = Files.readString(ROOT.resolve("runbooks/04-outbox.md"));
    Files.writeString(copy, text.replace("./platform outbox status", "./platform outbox stats"));

    Block broken =
        blocks(copy).stream()
            .filter(b -> b.code().contains("outbox stats"))
            .findFirst()
            .orElseThrow();
    assertThat(broken.runnable()).isTrue();
    assertThat(run(broken.code()).exit()).isNotZero();
    assertThat(unknownCommands(broken)).hasSize(1);
  }

  @Test
  void aQuotedArgumentIsOneWord() {
    assertThat(words("replay pause \"$id\"  --note 'reindex window, ops-14' --json"))
        .containsExactly("replay", "pause", "$id", "--note", "reindex window, ops-14", "--json");
  }
}
