package io.catalog.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link TemporalServer} runs: the {@code temporal} CLI, found where it is configured or
 * installed, else installed once by {@code scripts/install-tools.sh}.
 */
final class TemporalTools {
  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
  private static final Object INSTALL_LOCK = new Object();

  private final StackConfig config;

  TemporalTools(StackConfig config) {
    this.config = config;
  }

  /**
   * The {@code temporal} CLI: {@code TEMPORAL_CLI}, {@code .platform/tools/bin/temporal}, or the
   * PATH. When none is there, runs {@code scripts/install-tools.sh} once and looks again.
   */
  Path cli() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    Path script = config.root().resolve("scripts/install-tools.sh");
    if (Files.isRegularFile(script)) {
      synchronized (INSTALL_LOCK) {
        found = find();
        if (found.isPresent()) {
          return found.get();
        }
        LOG.info("temporal CLI missing; running {}", script);
        Processes.Result result =
            Processes.run(List.of("bash", script.toString()), INSTALL_TIMEOUT);
        if (!result.ok()) {
          throw new LocalStackException(script + " failed: " + lastLine(result.output()));
        }
      }
      found = find();
    }
    return found.orElseThrow(
        () ->
            new LocalStackException(
                "temporal CLI not found (TEMPORAL_CLI, "
                    + config.toolsDir().resolve("bin")
                    + ", PATH);"
                    + " install it with: bash scripts/install-tools.sh"));
  }

  private Optional<Path> find() {
    List<Path> candidates = new ArrayList<>();
    String configured = StackConfig.systemSetting("TEMPORAL_CLI");
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(config.toolsDir().resolve("bin/temporal"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "temporal"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }
}
