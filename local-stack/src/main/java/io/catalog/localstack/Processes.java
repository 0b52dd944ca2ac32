package io.catalog.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Detached OS processes and their pid files. */
final class Processes {

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final long EXIT_POLL_MS = 100;

  private Processes() {}

  /**
   * Starts {@code command} so that it outlives this JVM: in a session of its own (Ctrl-C in the
   * terminal of the JVM that started it does not reach it), stdin from /dev/null, stdout and stderr
   * appended to {@code log}. {@code setsid} execs in place, so the returned process's pid is the
   * server's.
   */
  static Process startDetached(
      List<String> command, Path workDir, Map<String, String> env, Path log) throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      full.add(SETSID.toString());
    }
    full.addAll(command);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectInput(new File("/dev/null"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Runs a short command to completion and returns its exit code and output. */
  static Result run(List<String> command, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      var output = CompletableFuture.supplyAsync(() -> readAll(process));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(
            -1, "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
      }
      return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
    } catch (IOException | ExecutionException | TimeoutException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Exit code and combined stdout/stderr of {@link #run}. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  static void writePid(Path pidFile, long pid) throws IOException {
    Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
    Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The pid on the first line of {@code pidFile}, if that process lives and is ours. */
  static OptionalLong livePid(Path pidFile, String marker) {
    return readPid(pidFile)
        .filter(Processes::running)
        .flatMap(ProcessHandle::of)
        .filter(handle -> isOurs(handle, marker))
        .map(handle -> OptionalLong.of(handle.pid()))
        .orElse(OptionalLong.empty());
  }

  static Optional<Long> readPid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Guards against a recycled pid: every server names its own data folder in its command line or,
   * for Elasticsearch (ES_PATH_CONF), in its environment. A process whose command line cannot be
   * read is given the benefit of the doubt.
   */
  private static boolean isOurs(ProcessHandle handle, String marker) {
    if (!handle.isAlive()) {
      return false;
    }
    Optional<String> commandLine = handle.info().commandLine();
    return commandLine.isEmpty()
        || commandLine.get().contains(marker)
        || environmentMentions(handle.pid(), marker);
  }

  private static boolean environmentMentions(long pid, String marker) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      return new String(environ, StandardCharsets.UTF_8).contains(marker);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns whether it stopped gracefully. */
  static boolean terminate(long pid, Duration grace) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return true;
    }
    handle.get().destroy();
    if (awaitExit(pid, grace)) {
      return true;
    }
    kill(pid);
    return false;
  }

  /** SIGKILL and wait (briefly) until the process is gone. */
  static void kill(long pid) {
    ProcessHandle.of(pid)
        .ifPresent(
            handle -> {
              handle.destroyForcibly();
              awaitExit(pid, Duration.ofSeconds(10));
            });
  }

  /**
   * Whether {@code pid} runs. A detached server's parent is init, which may reap it only some time
   * after it died; until then it is a zombie that {@link ProcessHandle#isAlive()} still reports as
   * alive, so the state in /proc decides.
   */
  static boolean running(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      int endOfName = stat.lastIndexOf(')');
      char state = endOfName + 2 < stat.length() ? stat.charAt(endOfName + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return handle.get().isAlive();
    }
  }

  /**
   * Polls until {@code pid} has no process table entry left, zombie included, or the timeout
   * passes. Postgres refuses to start while the pid in its postmaster.pid exists, even as a zombie.
   */
  static boolean awaitGone(long pid, Duration timeout) {
    return awaitUntil(() -> ProcessHandle.of(pid).isEmpty(), timeout);
  }

  /** Polls until {@code pid} no longer {@linkplain #running runs}, or the timeout passes. */
  static boolean awaitExit(long pid, Duration timeout) {
    return awaitUntil(() -> !running(pid), timeout);
  }

  /** Polls every {@code EXIT_POLL_MS} until {@code ended} holds (true) or the timeout passes. */
  private static boolean awaitUntil(BooleanSupplier ended, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(EXIT_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ended.getAsBoolean();
      }
    }
    return true;
  }

  /** Sends a named signal (e.g. {@code INT}) with kill(1); Java only sends TERM and KILL. */
  static void signal(long pid, String signal) {
    run(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(5));
  }

  /** Whether this JVM runs as root (Elasticsearch refuses to). */
  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
