package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.dlq.DlqOperations;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.operations.reconcile.ReconcileClient;
import io.catalog.operations.replay.ReplayClient;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.workers.WorkersConfig;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;

/**
 * The platform an ops command acts on, shared by every ops command as a picocli mixin
 * ({@code @Mixin Platform platform}): where it runs ({@link CliEndpoints}: the API's and workers'
 * variables over the dev stack), its names, and the clients of its workflows on one Temporal
 * connection that opens on first use. A command closes it when done: {@code try (Platform p =
 * platform) {…}}.
 */
@Command // what makes a mixin of a class that declares no option of its own
final class Platform implements AutoCloseable {
  private Endpoints endpoints;
  private TemporalConnection temporal;

  Endpoints endpoints() {
    if (endpoints == null) {
      endpoints = CliEndpoints.fromEnv();
    }
    return endpoints;
  }

  PlatformNames names() {
    return endpoints().names();
  }

  /** The worker-process settings for the same endpoints (process-outbox publishes as a worker). */
  WorkersConfig workersConfig() {
    return CliEndpoints.workersConfig(endpoints());
  }

  Jdbi jdbi() {
    Endpoints e = endpoints();
    return Database.configure(Jdbi.create(e.dbUrl(), e.dbUser(), e.dbPassword()));
  }

  TemporalConnection temporal() {
    if (temporal == null) {
      temporal = TemporalConnection.open(endpoints());
    }
    return temporal;
  }

  RebuildClient rebuilds() {
    return new RebuildClient(temporal().client(), names());
  }

  ReplayClient replays() {
    return new ReplayClient(temporal().client(), names());
  }

  ReconcileClient reconciles() {
    return new ReconcileClient(temporal().client(), names());
  }

  /** The DLQ operations on this platform; {@code producer} only for a replay (null otherwise). */
  DlqOperations dlq(Producer<byte[], byte[]> producer) {
    return new DlqOperations(jdbi(), producer, endpoints().kafkaBootstrap(), names());
  }

  @Override
  public void close() {
    if (temporal != null) {
      temporal.close();
      temporal = null;
    }
  }
}
