package io.catalog.localstack;

import java.util.Locale;

/**
 * The three local stacks. They differ in ports and data folder, so a developer's {@code dev} stack,
 * the test stack and the cluster stack run side by side; in durability: {@code dev} and {@code
 * cluster} commit with {@code fsync} and {@code synchronous_commit} on (a developer's data must
 * survive a crash), {@code test} leaves them off for speed; and in shape: {@code cluster} runs
 * several nodes of Kafka and Elasticsearch and the real Temporal server, the others one of each and
 * the Temporal dev server.
 */
public enum StackProfile {
  /** The ports of docs/architecture.md ("Ports"); data in {@code <root>/.platform/dev}. */
  DEV(new StackPorts(5432, 9092, 9093, 9200, 9300, 7233, 8233), true, false),
  /** The same ports plus 10000; data in {@code <root>/.platform/test}. */
  TEST(new StackPorts(15432, 19092, 19093, 19200, 19300, 17233, 18233), false, false),
  /**
   * Production's shape on loopback (issue #20, scale-out): three KRaft brokers, three Elasticsearch
   * nodes and the Temporal server on this stack's Postgres. Ports plus 20000; node {@code n} of
   * Kafka or Elasticsearch uses the profile's port plus {@code n - 1}, so the controllers start at
   * 29095, past the three brokers. Data in {@code <root>/.platform/cluster}.
   */
  CLUSTER(new StackPorts(25432, 29092, 29095, 29200, 29300, 27233, 28233), true, true);

  /**
   * Brokers and Elasticsearch nodes of a clustered profile: the smallest quorum that survives the
   * loss of one.
   */
  static final int CLUSTER_NODES = 3;

  private final StackPorts defaultPorts;
  private final boolean durableCommits;
  private final boolean clustered;

  StackProfile(StackPorts defaultPorts, boolean durableCommits, boolean clustered) {
    this.defaultPorts = defaultPorts;
    this.durableCommits = durableCommits;
    this.clustered = clustered;
  }

  /** Lower-case name, used for folders and on the command line: {@code dev}, {@code cluster}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public StackPorts defaultPorts() {
    return defaultPorts;
  }

  /** Whether Postgres runs with {@code fsync=on} and {@code synchronous_commit=on}. */
  public boolean durableCommits() {
    return durableCommits;
  }

  /** Whether this profile runs several nodes and the real Temporal server. */
  public boolean clustered() {
    return clustered;
  }

  /** How many KRaft brokers (each also a controller) run. */
  public int kafkaBrokers() {
    return clustered ? CLUSTER_NODES : 1;
  }

  /** How many Elasticsearch nodes (each master-eligible and a data node) run. */
  public int elasticsearchNodes() {
    return clustered ? CLUSTER_NODES : 1;
  }

  /** Parses {@code dev}, {@code test} or {@code cluster} (any case). */
  public static StackProfile parse(String id) {
    for (StackProfile profile : values()) {
      if (profile.id().equalsIgnoreCase(id.trim())) {
        return profile;
      }
    }
    throw new IllegalArgumentException(
        "unknown profile '" + id + "' (expected dev, test or cluster)");
  }
}
