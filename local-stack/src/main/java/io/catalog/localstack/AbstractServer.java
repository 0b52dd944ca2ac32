package io.catalog.localstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start/stop logic shared by the four servers. Each lives in {@code <dataDir>/<name>/}, holding its
 * pid file, logs and data. Starting is serialised per folder, across threads (a lock) and across
 * JVMs (a file lock), so two test JVMs never launch the same server twice.
 */
abstract class AbstractServer implements ManagedServer {

  static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Map<Path, ReentrantLock> START_LOCKS = new ConcurrentHashMap<>();

  protected final Logger log = LoggerFactory.getLogger(getClass());
  protected final StackConfig config;
  private final String name;
  private final int port;
  private final String portSetting;
  protected final Path dir;

  /** {@code portSetting} is the key of the port's setting, e.g. {@code PG_PORT}. */
  AbstractServer(StackConfig config, String name, int port, String portSetting) {
    this.config = config;
    this.name = name;
    this.port = port;
    this.portSetting = portSetting;
    this.dir = config.dataDir().resolve(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return port;
  }

  Path pidFile() {
    return dir.resolve(name + ".pid");
  }

  /** What the server process's command line contains: its own folder. */
  String marker() {
    return dir.toString();
  }

  @Override
  public OptionalLong pid() {
    return Processes.livePid(pidFile(), marker());
  }

  /**
   * Prepares the folder and launches the server detached. Returns the launched process (for
   * early-exit detection) after writing the pid file, unless the server writes its own.
   */
  protected abstract Process launch() throws IOException;

  /** {@code <name>.log} in the server's directory, unless the server writes its log elsewhere. */
  @Override
  public Path logFile() {
    return dir.resolve(name + ".log");
  }

  /** Where to look when start-up fails: {@link #logFile()} and any console capture. */
  protected List<Path> diagnosticFiles() {
    return List.of(logFile());
  }

  private String seeLogs() {
    return "see "
        + diagnosticFiles().stream().map(Path::toString).collect(Collectors.joining(" and "));
  }

  /** A reason start-up has failed though the launched process still runs, if one is known. */
  protected Optional<String> startupFailure() {
    return Optional.empty();
  }

  /** Whether {@link #launch()}'s process exits by design once the server is daemonized. */
  protected boolean launcherDaemonizes() {
    return false;
  }

  /** Ready for clients; by default the same as {@link #isUp()}. */
  protected boolean ready() {
    return isUp();
  }

  @Override
  public void start() {
    ReentrantLock lock = START_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolve(".start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        startLocked();
      }
    } catch (IOException e) {
      throw new LocalStackException(name + ": cannot start: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void startLocked() throws IOException {
    Instant begin = Instant.now();
    if (isUp()) {
      if (pid().isEmpty()) {
        log.warn(
            "{}: port {} answers, but not from this stack's pid file {}; using it as it is",
            name,
            port,
            pidFile());
      }
      awaitReady(null, begin);
      return;
    }
    OptionalLong running = pid();
    if (running.isPresent()) {
      log.info("{} is already starting (pid {}); waiting for it", name, running.getAsLong());
      awaitReady(null, begin);
      return;
    }
    if (Probes.portOpen(port)) {
      throw new LocalStackException(
          name
              + ": port "
              + port
              + " is taken by a process this stack did"
              + " not start and that does not answer as "
              + name
              + "; stop it or choose another port"
              + " with PLATFORM_"
              + config.profile().name()
              + "_"
              + portSetting);
    }
    log.info("starting {} on port {} (log: {})", name, port, logFile());
    Process launched = launch();
    awaitReady(launched, begin);
    log.info(
        "{} up on port {} after {} ms",
        name,
        port,
        Duration.between(begin, Instant.now()).toMillis());
  }

  private void awaitReady(Process launched, Instant begin) {
    Instant deadline = begin.plus(config.startupTimeout());
    Process watched = launched;
    while (!ready()) {
      if (watched != null && !watched.isAlive()) {
        int code = watched.exitValue();
        if (!launcherDaemonizes() || code != 0) {
          throw new LocalStackException(
              name + " exited with code " + code + " while starting; " + seeLogs());
        }
        watched = null;
      }
      Optional<String> failure = launched == null ? Optional.empty() : startupFailure();
      if (failure.isPresent()) {
        launched.destroyForcibly();
        throw new LocalStackException(
            name + " failed to start (" + failure.get() + "); " + seeLogs());
      }
      if (watched == null && launched == null && pid().isEmpty() && !isUp()) {
        throw new LocalStackException(name + " died while starting; " + seeLogs());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new LocalStackException(
            name
                + " did not become ready within "
                + config.startupTimeout().toSeconds()
                + " s; "
                + seeLogs());
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted while waiting for a server", e);
    }
  }

  @Override
  public void stop() {
    OptionalLong pid = pid();
    if (pid.isPresent()) {
      log.info("stopping {} (pid {})", name, pid.getAsLong());
      if (!Processes.terminate(pid.getAsLong(), STOP_GRACE)) {
        log.warn("{} did not stop within {} s; killed it", name, STOP_GRACE.toSeconds());
      }
    }
    deletePidFile();
  }

  /**
   * Stops {@code servers} as {@link #stop()} does, but signals all of them before waiting for any.
   * A KRaft cluster that goes down entirely needs this: a broker's controlled shutdown waits (up to
   * five minutes) for the controller quorum to approve it, and a broker signalled after two others
   * have exited finds no quorum left to ask.
   */
  static void stopTogether(List<? extends AbstractServer> servers) {
    Map<AbstractServer, Long> running = new java.util.LinkedHashMap<>();
    for (AbstractServer server : servers) {
      server.pid().ifPresent(pid -> running.put(server, pid));
    }
    running.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    running.forEach(
        (server, pid) -> {
          server.log.info("stopping {} (pid {})", server.name, pid);
          if (!Processes.awaitExit(pid, STOP_GRACE)) {
            server.log.warn(
                "{} did not stop within {} s; killed it", server.name, STOP_GRACE.toSeconds());
            Processes.kill(pid);
          }
        });
    servers.forEach(AbstractServer::deletePidFile);
  }

  @Override
  public void kill() {
    OptionalLong pid = pid();
    if (pid.isPresent()) {
      log.info("killing {} (pid {})", name, pid.getAsLong());
      Processes.kill(pid.getAsLong());
    }
    deletePidFile();
  }

  void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", pidFile(), e.toString());
    }
  }

  @Override
  public String toString() {
    return name + ":" + port;
  }
}
