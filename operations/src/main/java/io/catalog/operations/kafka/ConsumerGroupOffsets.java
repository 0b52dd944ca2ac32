package io.catalog.operations.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The AdminClient look-ups that {@code lag} and {@code rewind} share. */
public final class ConsumerGroupOffsets implements AutoCloseable {
  private static final long TIMEOUT_S = 15;
  private final Admin admin;

  public ConsumerGroupOffsets(String bootstrap) {
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000));
  }

  public Admin admin() {
    return admin;
  }

  public ConsumerGroupDescription describe(String group) throws Exception {
    return admin
        .describeConsumerGroups(java.util.List.of(group))
        .describedGroups()
        .get(group)
        .get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** Committed offsets of the group, by partition, sorted. */
  public Map<TopicPartition, Long> committed(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> raw =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT_S, TimeUnit.SECONDS);
    Map<TopicPartition, Long> sorted = new TreeMap<>(ConsumerGroupOffsets::compare);
    raw.forEach(
        (tp, o) -> {
          if (o != null) {
            sorted.put(tp, o.offset());
          }
        });
    return sorted;
  }

  /** Every partition of the topic with the offset that {@code spec} resolves to. */
  public Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) throws Exception {
    var description =
        admin
            .describeTopics(java.util.List.of(topic))
            .allTopicNames()
            .get(TIMEOUT_S, TimeUnit.SECONDS)
            .get(topic);
    Map<TopicPartition, OffsetSpec> request = new TreeMap<>(ConsumerGroupOffsets::compare);
    description
        .partitions()
        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        admin.listOffsets(request).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets = new TreeMap<>(ConsumerGroupOffsets::compare);
    result.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
