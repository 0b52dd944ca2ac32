package io.catalog.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of the platform's own JVM processes (the API, the workers) started by {@code up}, with a pid
 * file so that {@code down} and {@code status} from another terminal find it.
 */
final class AppProcess {
  private final String name;
  private final Path root;
  private final Path runDir;
  private final List<String> command;
  private final Map<String, String> env;

  AppProcess(String name, Path root, Path runDir, List<String> command, Map<String, String> env) {
    this.name = name;
    this.root = root;
    this.runDir = runDir;
    this.command = command;
    this.env = env;
  }

  /**
   * The heap of the API and the workers: at most 512 MB, and never shrunk below 256 MB. Left to
   * shrink, G1 held either at about 135 MB under load: an API young collection every half second at
   * 700 creates/s, and in the workers each large buffer (a Kafka fetch, an Elasticsearch bulk
   * answer) crossed the old generation's threshold and started a concurrent cycle whose remark
   * paused the relay and the projection for 25–394 ms (docs/benchmarks.md, "The heap that shrank").
   */
  static final List<String> HEAP = List.of("-Xms256m", "-Xmx512m");

  static List<String> javaCommand(Path root, String module, String mainClass, String... args) {
    Path target = root.resolve(module).resolve("target");
    String classpath =
        target.resolve(module + "-0.1.0-SNAPSHOT.jar") + ":" + target.resolve("lib") + "/*";
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var cmd = new java.util.ArrayList<>(List.of(java, "-Duser.timezone=UTC"));
    cmd.addAll(HEAP);
    cmd.addAll(List.of("-cp", classpath, mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  String name() {
    return name;
  }

  Path logFile() {
    return runDir.resolve("logs").resolve(name + ".log");
  }

  private Path pidFile() {
    return runDir.resolve(name + ".pid");
  }

  /**
   * A log at least this large when its process starts is moved to {@code <name>.log.1} (replacing
   * the one there) and a new one begun. The API logs a line per create: a few benchmark runs left a
   * 3.5 GB {@code api.log} behind, which nothing ever trimmed. Smaller logs are appended to, so a
   * process restarted by a chaos run or a second {@code up} continues the same file.
   */
  static final long ROLL_LOG_AT_BYTES = 256L * 1024 * 1024;

  /** Moves {@code log} to {@code log.1} when it has reached {@code limit} bytes. */
  static void rollIfLarge(Path log, long limit) throws IOException {
    if (Files.exists(log) && Files.size(log) >= limit) {
      Files.move(
          log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  Process start() throws IOException {
    Files.createDirectories(logFile().getParent());
    rollIfLarge(logFile(), ROLL_LOG_AT_BYTES);
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    Process process = pb.start();
    Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.US_ASCII);
    return process;
  }

  Optional<ProcessHandle> running() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile()).strip());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains("io.catalog.")).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** SIGTERM, then SIGKILL after {@code grace}. */
  void stop(Duration grace) {
    running()
        .ifPresent(
            h -> {
              h.destroy();
              try {
                h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                h.destroyForcibly();
              }
            });
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException ignored) {
      // A stale pid file is harmless: running() checks the process is alive and ours.
    }
  }
}
