package io.catalog.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code server.properties} of one KRaft node: broker and controller in one process, every node
 * a voter of a static quorum ({@code controller.quorum.voters}), so the cluster profile's three
 * nodes keep a metadata quorum with one of them down.
 */
final class KafkaProperties {

  /** Replicas of every topic on a cluster, and how many must acknowledge an {@code acks=all}. */
  static final int CLUSTER_REPLICATION = 3;

  static final int CLUSTER_MIN_INSYNC = 2;

  private KafkaProperties() {}

  /** The properties of broker {@code node} (1-based) of {@code config}'s profile. */
  static String render(StackConfig config, int node, Path logDirectory) {
    String host = StackConfig.HOST;
    int brokers = config.profile().kafkaBrokers();
    List<String> voters = new ArrayList<>();
    for (int n = 1; n <= brokers; n++) {
      voters.add(n + "@" + host + ":" + config.kafkaControllerPort(n));
    }
    // One broker can only hold one replica; a cluster keeps three and tolerates one lost broker
    // without refusing acks=all writes (min.insync 2), which is production's setting.
    int replication = brokers == 1 ? 1 : CLUSTER_REPLICATION;
    int minInsync = brokers == 1 ? 1 : CLUSTER_MIN_INSYNC;
    int port = config.kafkaPort(node);
    int controller = config.kafkaControllerPort(node);
    return String.join(
        "\n",
        "# Written by local-stack on every start; edits are lost.",
        "process.roles=broker,controller",
        "node.id=" + node,
        "controller.quorum.voters=" + String.join(",", voters),
        "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controller,
        "advertised.listeners=PLAINTEXT://" + host + ":" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + logDirectory,
        "num.partitions=3",
        "default.replication.factor=" + replication,
        "min.insync.replicas=" + minInsync,
        "offsets.topic.replication.factor=" + replication,
        "transaction.state.log.replication.factor=" + replication,
        "transaction.state.log.min.isr=" + minInsync,
        "share.coordinator.state.topic.replication.factor=" + replication,
        "share.coordinator.state.topic.min.isr=" + minInsync,
        "# Topics are created by application code (docs/architecture.md, Kafka), never implicitly.",
        "auto.create.topics.enable=false",
        "# A local stack has few group members: no reason to wait for more before the first"
            + " rebalance.",
        "group.initial.rebalance.delay.ms=0",
        "");
  }
}
