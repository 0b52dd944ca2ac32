package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command, at any depth, has the {@code --help} and {@code --version} of the top command. */
class HelpOptionsTest {

  /** The path of every command below {@code platform} (picocli's own {@code help} aside). */
  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(PlatformCli.commandLine(), List.of(), all);
    return all.stream().filter(path -> !path.equals(List.of("help")));
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> all) {
    all.add(path);
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals(sub.getCommandName())) { // an alias is the same command again
                List<String> below = new ArrayList<>(path);
                below.add(name);
                collect(sub, below, all);
              }
            });
  }

  @Test
  void nestedCommandsAreAmongThem() {
    assertThat(commands())
        .contains(
            List.of("dlq", "replay"),
            List.of("outbox", "retry"),
            List.of("replay", "status"),
            List.of("search", "aliases"));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpPrintsTheUsageOfThatCommand(List<String> path) {
    String usage = "Usage: " + String.join(" ", prefixed("platform", path));
    for (String help : List.of("--help", "-h")) {
      CliRun run = CliRun.platform(args(path, help));

      assertThat(run.exit()).isZero();
      assertThat(run.out()).startsWith(usage).contains("-h, --help").contains("-V, --version");
      assertThat(run.err()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void versionPrintsThePlatformsVersion(List<String> path) {
    for (String version : List.of("--version", "-V")) {
      CliRun run = CliRun.platform(args(path, version));

      assertThat(run.exit()).isZero();
      assertThat(run.out()).isEqualToIgnoringNewLines("platform 0.1.0");
    }
  }

  private static String[] args(List<String> path, String option) {
    List<String> args = new ArrayList<>(path);
    args.add(option);
    return args.toArray(String[]::new);
  }

  private static List<String> prefixed(String first, List<String> path) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(path);
    return all;
  }
}
