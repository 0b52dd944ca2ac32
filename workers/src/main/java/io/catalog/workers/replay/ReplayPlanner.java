package io.catalog.workers.replay;

import io.catalog.workflows.replay.ReplayFrom;
import io.catalog.workflows.replay.ReplayPlan;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a replay of a topic: per partition the offset it starts at (the earliest, the first at or
 * after a time, or an offset given) and the end offset now, each start within what the partition
 * holds. Bad input fails non-retryable.
 */
final class ReplayPlanner {
  private static final Logger log = LoggerFactory.getLogger(ReplayActivitiesImpl.class);
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;

  /** Plans with {@code consumer} (not closed here) over {@code topic}. */
  ReplayPlanner(Consumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  static ReplayFrom parse(String from) {
    try {
      return ReplayFrom.parse(from);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidInput");
    }
  }

  ReplayPlan plan(ReplayFrom start) {
    List<TopicPartition> partitions = partitions();
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
    SortedMap<Integer, Long> startAt = new TreeMap<>();
    SortedMap<Integer, Long> endAt = new TreeMap<>();
    Map<TopicPartition, OffsetAndTimestamp> byTime = Map.of();
    if (start.kind() == ReplayFrom.Kind.TIME) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, start.time().toEpochMilli()));
      byTime = consumer.offsetsForTimes(query, KAFKA_TIMEOUT);
    }
    if (start.kind() == ReplayFrom.Kind.OFFSETS) {
      requireKnown(start.offsets().keySet(), partitions);
    }
    for (TopicPartition tp : partitions) {
      long first = begin.get(tp);
      long last = end.get(tp);
      long at =
          switch (start.kind()) {
            case EARLIEST -> first;
            case TIME -> byTime.get(tp) == null ? last : byTime.get(tp).offset();
            case OFFSETS -> start.offsets().getOrDefault(tp.partition(), last);
          };
      startAt.put(tp.partition(), Math.max(first, Math.min(last, at)));
      endAt.put(tp.partition(), last);
    }
    ReplayPlan plan = new ReplayPlan(topic, start.toString(), startAt, endAt);
    log.info(
        "replay plan for {} from {}: start {} end {} ({} offsets)",
        topic,
        start,
        startAt,
        endAt,
        plan.total());
    return plan;
  }

  /** The topic's partitions in order; a topic that does not exist is bad input. */
  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "topic " + topic + " does not exist", "InvalidInput");
    }
    return infos.stream()
        .map(i -> new TopicPartition(topic, i.partition()))
        .sorted((a, b) -> a.partition() - b.partition())
        .toList();
  }

  private void requireKnown(Set<Integer> given, List<TopicPartition> partitions) {
    Set<Integer> known = new HashSet<>();
    partitions.forEach(tp -> known.add(tp.partition()));
    for (int p : given) {
      if (!known.contains(p)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "partition "
                + p
                + " does not exist: "
                + topic
                + " has partitions 0.."
                + (partitions.size() - 1),
            "InvalidInput");
      }
    }
  }
}
