package io.catalog.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts one workers process from the built jar for W7, as {@code ./platform up} and chaos start
 * theirs: its output goes to {@code runDir/logs/<name>.log}, its pid to {@code runDir/<name>.pid}.
 * The command line lives with the CLI's process code; the bench only chooses names and settings.
 */
@FunctionalInterface
public interface WorkersLauncher {
  /**
   * @param runDir the bench run's folder ({@code .platform/bench/bench-<run>/})
   * @param name the process's name, which names its log
   * @param env settings over the bench's own environment (endpoints, prefix, shards, port)
   */
  Process start(Path runDir, String name, Map<String, String> env) throws IOException;

  /** Where {@link #start} sends the output of process {@code name}. */
  static Path log(Path runDir, String name) {
    return runDir.resolve("logs").resolve(name + ".log");
  }
}
