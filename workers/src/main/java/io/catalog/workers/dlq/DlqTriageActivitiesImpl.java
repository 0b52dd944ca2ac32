package io.catalog.workers.dlq;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.dlq.DlqOperations;
import io.catalog.workers.kafka.Consumers;
import io.catalog.workflows.dlq.DlqActionResult;
import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqIngestRequest;
import io.catalog.workflows.dlq.DlqIngestResult;
import io.catalog.workflows.dlq.DlqSummary;
import io.catalog.workflows.dlq.DlqTriageActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The triage workflow's activities: reading the dead-letter topic, and {@link DlqOperations}. */
public final class DlqTriageActivitiesImpl implements DlqTriageActivities {
  private static final Logger log = LoggerFactory.getLogger(DlqTriageActivitiesImpl.class);

  /** One read stops after this long even if the end offsets seen at its start are not reached. */
  static final Duration READ_LIMIT = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(500);

  private final DlqOperations operations;
  private final String kafkaBootstrap;
  private final PlatformNames names;

  public DlqTriageActivitiesImpl(
      DlqOperations operations, String kafkaBootstrap, PlatformNames names) {
    this.operations = operations;
    this.kafkaBootstrap = kafkaBootstrap;
    this.names = names;
  }

  @Override
  public DlqIngestResult ingest(DlqIngestRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    String topic = names.dlqProductEvents();
    SortedMap<Integer, Long> positions = new TreeMap<>(request.positions());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    // Bytes: the entry keeps key, value and headers exactly as they were. Reading a topic that
    // does not exist must not create it.
    try (Consumer<byte[], byte[]> consumer =
        Consumers.groupless(
            kafkaBootstrap,
            names.prefix() + "dlq-triage",
            request.maxRecords(),
            ByteArrayDeserializer.class,
            Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        log.warn("dead-letter topic {} does not exist (yet)", topic);
        return new DlqIngestResult(positions, 0, 0, operations.summary());
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      for (TopicPartition tp : partitions) {
        Long at = positions.get(tp.partition());
        if (at == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, at);
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + READ_LIMIT.toNanos();
      while (records.size() < request.maxRecords()
          && System.nanoTime() < deadline
          && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(POLL).forEach(records::add);
        ctx.heartbeat(records.size());
      }
      int parked = operations.park(records);
      for (TopicPartition tp : partitions) {
        positions.put(tp.partition(), consumer.position(tp));
      }
      return new DlqIngestResult(positions, records.size(), parked, operations.summary());
    }
  }

  @Override
  public DlqActionResult replay(DlqFilter filter) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    return operations.replay(filter, false, () -> ctx.heartbeat(null));
  }

  @Override
  public DlqActionResult discard(DlqFilter filter) {
    return operations.discard(filter, false);
  }

  @Override
  public DlqSummary summary() {
    return operations.summary();
  }
}
