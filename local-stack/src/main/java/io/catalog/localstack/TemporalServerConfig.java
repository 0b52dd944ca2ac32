package io.catalog.localstack;

/**
 * The cluster profile's Temporal server configuration: one cluster, all four services in one
 * process, persistence and visibility on the stack's Postgres ({@code postgres12} plugin). The
 * services' ports follow the frontend's as Temporal's own defaults do (7233 frontend, 7234 history,
 * 7235 matching, 7239 worker, 7243 HTTP API; membership 300 below each), so 27233 gives 27234,
 * 27235, 27239, 27243 and 26933-26939.
 */
final class TemporalServerConfig {

  /** Database, role and password of the server's store; visibility has its own database. */
  static final String DATABASE = "temporal";

  static final String VISIBILITY_DATABASE = "temporal_visibility";

  /** Enough for a laptop; production sizes this to its history hosts (it never changes later). */
  static final int HISTORY_SHARDS = 4;

  private static final int MEMBERSHIP_OFFSET = -300;

  private TemporalServerConfig() {}

  /**
   * The server's YAML. No dynamic configuration: the platform uses nothing beyond Temporal's
   * defaults (no updates, Nexus or custom search attributes).
   */
  static String render(StackConfig config) {
    int frontend = config.ports().temporal();
    String postgres = StackConfig.HOST + ":" + config.ports().postgres();
    return String.join(
        "\n",
        "# Written by local-stack on every start; edits are lost.",
        "log:",
        "  stdout: true",
        "  level: warn",
        "persistence:",
        "  defaultStore: default",
        "  visibilityStore: visibility",
        "  numHistoryShards: " + HISTORY_SHARDS,
        "  datastores:",
        // Four services in one process each open their own pools: 4 x (4 + 2) connections stay far
        // below Postgres's 100, which the platform's own pools share.
        datastore("default", DATABASE, postgres, 4),
        datastore("visibility", VISIBILITY_DATABASE, postgres, 2),
        "global:",
        "  membership:",
        "    maxJoinDuration: 30s",
        "    broadcastAddress: " + StackConfig.HOST,
        "services:",
        service("frontend", frontend, 0) + "\n      httpPort: " + (frontend + 10),
        service("history", frontend, 1),
        service("matching", frontend, 2),
        service("worker", frontend, 6),
        "clusterMetadata:",
        "  enableGlobalNamespace: false",
        "  failoverVersionIncrement: 10",
        "  masterClusterName: active",
        "  currentClusterName: active",
        "  clusterInformation:",
        "    active:",
        "      enabled: true",
        "      initialFailoverVersion: 1",
        "      rpcName: frontend",
        "      rpcAddress: " + StackConfig.HOST + ":" + frontend,
        "dcRedirectionPolicy:",
        "  policy: noop",
        "");
  }

  private static String datastore(String name, String database, String address, int maxConns) {
    return String.join(
        "\n",
        "    " + name + ":",
        "      sql:",
        "        pluginName: postgres12",
        "        databaseName: " + database,
        "        connectAddr: \"" + address + "\"",
        "        connectProtocol: tcp",
        "        user: " + DATABASE,
        "        password: " + DATABASE,
        "        maxConns: " + maxConns,
        "        maxIdleConns: " + maxConns,
        "        maxConnLifetime: 1h");
  }

  private static String service(String name, int frontend, int offset) {
    return String.join(
        "\n",
        "  " + name + ":",
        "    rpc:",
        "      grpcPort: " + (frontend + offset),
        "      membershipPort: " + (frontend + MEMBERSHIP_OFFSET + offset),
        "      bindOnLocalHost: true");
  }
}
