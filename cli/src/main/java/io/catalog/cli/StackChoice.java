package io.catalog.cli;

import io.catalog.localstack.StackConfig;
import io.catalog.localstack.StackProfile;
import picocli.CommandLine.Option;

/**
 * A picocli mixin: which local stack {@code up}, {@code down} and {@code status} act on, the
 * developer's single-node stack or, with {@code --cluster}, the cluster stack (three Kafka brokers,
 * three Elasticsearch nodes, the Temporal server on Postgres; docs/architecture.md, "Local stack").
 */
final class StackChoice {
  @Option(
      names = "--cluster",
      description =
          "The cluster stack: 3 KRaft brokers (replication 3), 3 Elasticsearch nodes and the"
              + " Temporal server with its Web UI, as production runs them.")
  boolean cluster;

  boolean cluster() {
    return cluster;
  }

  /** The chosen stack's settings, resolved against the environment. */
  StackConfig config() {
    return StackConfig.resolve(cluster ? StackProfile.CLUSTER : StackProfile.DEV);
  }
}
