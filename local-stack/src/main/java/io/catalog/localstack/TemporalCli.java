package io.catalog.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code temporal} CLI against a frontend, each call bounded (the probes poll it). */
final class TemporalCli {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private TemporalCli() {}

  /** {@code temporal <args> --address <address> --command-timeout 5s}. */
  static Processes.Result run(Path cli, String address, String... args) {
    List<String> command = new ArrayList<>();
    command.add(cli.toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--address", address, "--command-timeout", "5s"));
    return Processes.run(command, TIMEOUT);
  }
}
