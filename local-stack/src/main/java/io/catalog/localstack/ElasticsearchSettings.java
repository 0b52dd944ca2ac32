package io.catalog.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code elasticsearch.yml} of one node. A single node says {@code discovery.type:
 * single-node}; the cluster profile's three nodes are all master-eligible data nodes that find each
 * other on their transport ports. Three, not two: with two master-eligible nodes, losing either
 * loses the election quorum, and a two-node cluster survives the loss of only the one that
 * Elastic's voting configuration happens to exclude. Three survive any one.
 */
final class ElasticsearchSettings {

  private ElasticsearchSettings() {}

  /** The cluster's name: {@code platform-<profile>}; also the name of each node's log file. */
  static String clusterName(StackConfig config) {
    return "platform-" + config.profile().id();
  }

  /** The name of node {@code node} (1-based): the cluster's name, plus {@code -n} in a cluster. */
  static String nodeName(StackConfig config, int node) {
    return config.profile().clustered() ? clusterName(config) + "-" + node : clusterName(config);
  }

  /**
   * The settings of node {@code node} (1-based) living in {@code dir}. {@code bootstrap}: whether
   * the node has never joined a cluster, the only time {@code cluster.initial_master_nodes} may be
   * set (Elastic: leave it out once the cluster has formed, or a wiped node could found a second
   * cluster).
   */
  static String render(StackConfig config, int node, Path dir, boolean bootstrap) {
    List<String> lines = new ArrayList<>();
    lines.add("# Written by local-stack on every start; edits are lost.");
    lines.add("cluster.name: " + clusterName(config));
    lines.add("node.name: " + nodeName(config, node));
    lines.add("path.data: " + dir.resolve("data"));
    lines.add("path.logs: " + dir.resolve("logs"));
    lines.add("network.host: " + StackConfig.HOST);
    lines.add("http.port: " + config.elasticsearchPort(node));
    lines.add("transport.port: " + config.elasticsearchTransportPort(node));
    int nodes = config.profile().elasticsearchNodes();
    if (nodes == 1) {
      lines.add("discovery.type: single-node");
    } else {
      List<String> seeds = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int n = 1; n <= nodes; n++) {
        seeds.add(StackConfig.HOST + ":" + config.elasticsearchTransportPort(n));
        names.add(nodeName(config, n));
      }
      lines.add("discovery.seed_hosts: [" + String.join(", ", seeds) + "]");
      if (bootstrap) {
        lines.add("cluster.initial_master_nodes: [" + String.join(", ", names) + "]");
      }
    }
    lines.add("xpack.security.enabled: false");
    lines.add("# A developer's full-ish disk must not turn indices read-only.");
    lines.add("cluster.routing.allocation.disk.threshold_enabled: false");
    lines.add("# Many small indices: recover them all at once after a crash, not 4 at a time.");
    lines.add("cluster.routing.allocation.node_initial_primaries_recoveries: 32");
    lines.add("");
    return String.join("\n", lines);
  }
}
