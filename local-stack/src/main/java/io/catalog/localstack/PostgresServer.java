package io.catalog.localstack;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Postgres 17 from zonky's binaries, run by {@link PostgresServerMain} in its own JVM. zonky's
 * {@code pg_ctl start} daemonizes the postmaster, so the postmaster can outlive that JVM (after a
 * {@link #kill()} of the JVM alone, say); stop and kill therefore deal with both pids.
 */
public final class PostgresServer extends AbstractServer {

  private static final String PG_CTL_FAILED = "pg_ctl: could not start server";
  private static final Duration REAP_WAIT = Duration.ofSeconds(30);

  private long logSizeAtLaunch;

  private final PostgresTools tools;

  PostgresServer(StackConfig config) {
    super(config, "postgres", config.ports().postgres(), "PG_PORT");
    this.tools = new PostgresTools(config);
  }

  /** Logs in as {@code platform}/{@code platform} and runs {@code select 1}. */
  @Override
  public boolean isUp() {
    return Probes.postgres(port());
  }

  /** The cluster's data directory (PGDATA); kept across restarts. */
  public Path dataDirectory() {
    return dir.resolve("data");
  }

  @Override
  protected Process launch() throws IOException {
    awaitOldPostmasterGone();
    logSizeAtLaunch = Files.exists(logFile()) ? Files.size(logFile()) : 0;
    String classpath = tools.classpath(dir.resolve("lib"));
    List<String> command =
        List.of(
            Tools.javaBinary(),
            "-Xms16m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=io/catalog/localstack/logback-server.xml",
            "-cp",
            classpath,
            PostgresServerMain.class.getName(),
            "--port",
            Integer.toString(port()),
            "--data-dir",
            dataDirectory().toString(),
            "--binaries-dir",
            config.toolsDir().resolve("postgres").toString(),
            "--log",
            logFile().toString(),
            "--durable",
            Boolean.toString(config.profile().durableCommits()));
    Process process = Processes.startDetached(command, dir, Map.of(), logFile());
    Processes.writePid(pidFile(), process.pid());
    return process;
  }

  /**
   * A postmaster that died but was not reaped yet (its parent is init, which reaps lazily) still
   * blocks a new one: Postgres sees its pid in postmaster.pid and refuses to start.
   */
  private void awaitOldPostmasterGone() {
    Processes.readPid(dataDirectory().resolve("postmaster.pid"))
        .filter(pid -> !Processes.running(pid))
        .ifPresent(pid -> Processes.awaitGone(pid, REAP_WAIT));
  }

  /** zonky ignores a failed {@code pg_ctl start} and waits for its full timeout; this does not. */
  @Override
  protected Optional<String> startupFailure() {
    try (SeekableByteChannel channel = Files.newByteChannel(logFile())) {
      channel.position(logSizeAtLaunch);
      String added =
          new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
      return added.contains(PG_CTL_FAILED) ? Optional.of(PG_CTL_FAILED) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The wrapper JVM's pid, or else that of a postmaster still running without it. */
  @Override
  public OptionalLong pid() {
    OptionalLong wrapper = wrapperPid();
    return wrapper.isPresent() ? wrapper : postmasterPid();
  }

  private OptionalLong wrapperPid() {
    return Processes.livePid(pidFile(), marker());
  }

  private OptionalLong postmasterPid() {
    return Processes.livePid(dataDirectory().resolve("postmaster.pid"), dataDirectory().toString());
  }

  @Override
  public void stop() {
    OptionalLong wrapper = wrapperPid();
    if (wrapper.isPresent()) {
      log.info("stopping postgres (pid {})", wrapper.getAsLong());
      // The wrapper's shutdown hook runs `pg_ctl stop -m fast`.
      Processes.terminate(wrapper.getAsLong(), STOP_GRACE);
    }
    OptionalLong postmaster = postmasterPid();
    if (postmaster.isPresent()) {
      log.info("stopping postmaster (pid {}) with a fast shutdown", postmaster.getAsLong());
      Processes.signal(postmaster.getAsLong(), "INT");
      if (!Processes.awaitExit(postmaster.getAsLong(), STOP_GRACE)) {
        Processes.kill(postmaster.getAsLong());
      }
    }
    deletePidFile();
  }

  /**
   * SIGKILLs the postmaster, its backends and the wrapper: a crash, recovered from WAL on the next
   * start. Returns once the processes are gone from the process table.
   */
  @Override
  public void kill() {
    List<Long> pids = new ArrayList<>();
    postmasterPid()
        .ifPresent(
            postmaster -> {
              pids.add(postmaster);
              ProcessHandle.of(postmaster)
                  .ifPresent(
                      handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
            });
    wrapperPid().ifPresent(pids::add);
    if (!pids.isEmpty()) {
      log.info("killing postgres (pids {})", pids);
    }
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    pids.forEach(pid -> Processes.awaitGone(pid, REAP_WAIT));
    deletePidFile();
  }
}
