package io.catalog.localstack;

/** What {@code status} reports for one server. */
public enum ServerState {
  /** Answers on its port and runs from this stack's pid file. */
  UP,
  /** Its process runs (pid file) but it does not answer yet. */
  STARTING,
  /** Something answers on the port, but no process of this stack's pid file runs. */
  FOREIGN,
  /** Nothing runs. */
  DOWN
}
