package io.catalog.localstack;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One server of the local stack, run as a detached OS process that outlives the JVM which started
 * it. Its pid file lets any JVM (a test, the CLI) stop it later.
 */
public interface ManagedServer {

  /** Short name: {@code postgres}, {@code kafka}, {@code elasticsearch}, {@code temporal}. */
  String name();

  /** The client port it answers on. */
  int port();

  /** Whether it answers a protocol-level probe on its port right now (cheap, no waiting). */
  boolean isUp();

  /**
   * Makes sure it is up: returns at once if it answers, otherwise starts it (or waits for a start
   * already under way) and blocks until it is ready.
   *
   * @throws LocalStackException on timeout or early exit, naming the log file to read
   */
  void start();

  /** Stops it gracefully (SIGTERM, up to ~20 s, then SIGKILL). No-op if it does not run. */
  void stop();

  /** Kills it with SIGKILL, no shutdown; for crash tests. No-op if it does not run. */
  void kill();

  /** The log file to read when it misbehaves. */
  Path logFile();

  /** The pid of its live process, from the pid file. */
  OptionalLong pid();

  /** Up, starting, foreign or down, from {@link #isUp()} and {@link #pid()}. */
  default ServerState state() {
    boolean up = isUp();
    boolean running = pid().isPresent();
    if (up) {
      return running ? ServerState.UP : ServerState.FOREIGN;
    }
    return running ? ServerState.STARTING : ServerState.DOWN;
  }
}
