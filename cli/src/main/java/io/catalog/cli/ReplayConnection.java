package io.catalog.cli;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workers.replay.ReplayClient;

/** A Temporal connection for one command; the replay id goes in as the user typed it. */
record ReplayConnection(TemporalClients clients, PlatformNames names) implements AutoCloseable {
  static ReplayConnection connect() {
    Settings s = Settings.fromEnv();
    return new ReplayConnection(new TemporalClients(s), PlatformNames.withPrefix(s.namePrefix()));
  }

  ReplayClient replays() {
    return new ReplayClient(clients.client(), names);
  }

  @Override
  public void close() {
    clients.close();
  }
}
