package io.catalog.kafka;

import io.catalog.naming.PlatformNames;
import java.util.List;
import java.util.Map;

/**
 * A topic as the platform needs it: at least {@code partitions} partitions and these topic-level
 * configs. The replication factor is the broker's default (1 on the local stack).
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  public static final String CLEANUP_POLICY = "cleanup.policy";
  public static final String RETENTION_MS = "retention.ms";

  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  /**
   * The topics of DESIGN §5. {@code product.events} is compacted and kept forever, so replaying it
   * always rebuilds the newest state of every product; the others use the broker's retention.
   */
  public static List<TopicSpec> platformTopics(PlatformNames names, int eventPartitions) {
    return List.of(
        new TopicSpec(
            names.productEvents(),
            eventPartitions,
            Map.of(CLEANUP_POLICY, "compact", RETENTION_MS, "-1")),
        new TopicSpec(names.productCommands(), eventPartitions, Map.of(CLEANUP_POLICY, "delete")),
        new TopicSpec(names.dlqProductEvents(), 1, Map.of(CLEANUP_POLICY, "delete")),
        new TopicSpec(names.dlqProductCommands(), 1, Map.of(CLEANUP_POLICY, "delete")));
  }
}
