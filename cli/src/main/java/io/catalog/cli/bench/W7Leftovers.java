package io.catalog.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What W7 of a run that ended without its clean-up left outside the platform's data: its workers
 * processes (children of the killed bench, so nothing stopped them), which go on supervising
 * publishers that claim the platform's outbox rows, and their workflows and schedule in Temporal
 * under each configuration's prefix. {@link BenchRuns#removeLeftovers} removes them before the rest
 * of the run's leftovers.
 */
final class W7Leftovers {
  /** Between a process's start and its pid file's write, with room for a coarse clock. */
  private static final Duration START_TO_PID_FILE = Duration.ofSeconds(5);

  private W7Leftovers() {}

  /**
   * @param earlier a context for the run that left them ({@link BenchContext} of its id)
   * @param runDir that run's folder, where W7 wrote a pid file per process; null when unknown
   */
  static void remove(BenchContext earlier, Path runDir, Consumer<String> say) {
    if (runDir != null && Files.isDirectory(runDir)) {
      try (DirectoryStream<Path> pids = Files.newDirectoryStream(runDir, "*.pid")) {
        for (Path pidFile : pids) {
          stop(pidFile, "bench-" + earlier.runId, say);
        }
      } catch (IOException e) {
        say.accept("could not read " + runDir + ": " + e);
      }
    }
    for (ScaleOut shape : ScaleOut.ALL) {
      BenchWorkers.retire(earlier, earlier.names(shape.workload()), shape.shards(), say);
    }
  }

  /** Stops the process of a pid file if it still runs and is the one W7 started, then drops it. */
  private static void stop(Path pidFile, String run, Consumer<String> say) throws IOException {
    String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
    Optional<ProcessHandle> process =
        started(
            Files.readString(pidFile, StandardCharsets.US_ASCII),
            Files.getLastModifiedTime(pidFile).toInstant());
    if (process.isPresent()) {
      ProcessHandle h = process.get();
      h.destroy();
      try {
        h.onExit().get(BenchWorkers.STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        say.accept("stopped " + name + " (pid " + h.pid() + "), which " + run + " left running");
      } catch (TimeoutException | ExecutionException e) {
        h.destroyForcibly();
        say.accept("killed " + name + " (pid " + h.pid() + "), which " + run + " left running");
      } catch (InterruptedException e) {
        h.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  /**
   * The live process of {@code pid} if it is the one the pid file was written for: one of the
   * platform's JVMs, started before the file was written. A pid file outlives its process (W7 keeps
   * them), and a pid can be reused since, even by the platform's own workers process.
   */
  private static Optional<ProcessHandle> started(String pid, Instant written) {
    try {
      return ProcessHandle.of(Long.parseLong(pid.strip()))
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains("io.catalog.")).orElse(false))
          .filter(
              h ->
                  h.info()
                      .startInstant()
                      .map(t -> !t.isAfter(written.plus(START_TO_PID_FILE)))
                      .orElse(false));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
