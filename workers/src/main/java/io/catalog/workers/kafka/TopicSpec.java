package io.catalog.workers.kafka;

import io.catalog.domain.naming.PlatformNames;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topic as the platform needs it: at least {@code partitions} partitions and these topic-level
 * configs. The replication factor is the broker's default (1 on the local stack). An existing topic
 * that differs is reported, except in the {@code enforced} configs, which are set on it.
 */
public record TopicSpec(
    String name, int partitions, Map<String, String> configs, Set<String> enforced) {
  public static final String CLEANUP_POLICY = "cleanup.policy";
  public static final String RETENTION_MS = "retention.ms";

  public TopicSpec {
    configs = Map.copyOf(configs);
    enforced = Set.copyOf(enforced);
    if (!configs.keySet().containsAll(enforced)) {
      throw new IllegalArgumentException("enforced configs need a value: " + enforced);
    }
  }

  public TopicSpec(String name, int partitions, Map<String, String> configs) {
    this(name, partitions, configs, Set.of());
  }

  /**
   * The platform's topics (docs/architecture.md). {@code product.events} is compacted and kept
   * forever, so replaying it always rebuilds the newest state of every product. The dead-letter
   * topics are kept forever too, and that is enforced on existing topics: a letter must outlive any
   * pause of triage, and removing it is the operator's decision. {@code product.commands} uses the
   * broker's retention.
   */
  public static List<TopicSpec> platformTopics(PlatformNames names, int eventPartitions) {
    return List.of(
        new TopicSpec(
            names.productEvents(),
            eventPartitions,
            Map.of(CLEANUP_POLICY, "compact", RETENTION_MS, "-1")),
        new TopicSpec(names.productCommands(), eventPartitions, Map.of(CLEANUP_POLICY, "delete")),
        deadLetters(names.dlqProductEvents()),
        deadLetters(names.dlqProductCommands()));
  }

  private static TopicSpec deadLetters(String name) {
    return new TopicSpec(
        name, 1, Map.of(CLEANUP_POLICY, "delete", RETENTION_MS, "-1"), Set.of(RETENTION_MS));
  }
}
