package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.replay.ReplayClient;
import io.catalog.operations.temporal.TemporalConnection;

/** A Temporal connection for one command; the replay id goes in as the user typed it. */
record ReplayConnection(TemporalConnection clients, PlatformNames names) implements AutoCloseable {
  static ReplayConnection connect() {
    Endpoints s = CliEndpoints.fromEnv();
    return new ReplayConnection(
        TemporalConnection.open(s), PlatformNames.withPrefix(s.namePrefix()));
  }

  ReplayClient replays() {
    return new ReplayClient(clients.client(), names);
  }

  @Override
  public void close() {
    clients.close();
  }
}
