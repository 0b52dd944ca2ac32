package io.catalog.workers.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The consumer configuration of the platform's consumer groups, and of its group-less readers
 * (replay, rebuild, DLQ triage); each property says why.
 */
public final class Consumers {
  /**
   * The least a group member's fetch waits for (about a hundred product events). With Kafka's
   * default of one byte, the projection at 1,000 creates/s polled 17 records at a time on average,
   * and each handful cost its own {@code _bulk}, translog sync and offset commit; with this, 92
   * (docs/benchmarks.md, W1).
   */
  static final int FETCH_MIN_BYTES = 64 * 1024;

  /**
   * The most a fetch waits for {@link #FETCH_MIN_BYTES}: what a quiet topic adds to write→search
   * latency, a fifth of the index's 250 ms refresh interval.
   */
  static final int FETCH_MAX_WAIT_MS = 50;

  private Consumers() {}

  public static KafkaConsumer<byte[], byte[]> create(
      String bootstrap, String groupId, String clientId, int maxPollRecords) {
    return new KafkaConsumer<>(groupConfig(bootstrap, groupId, clientId, maxPollRecords));
  }

  /** What {@link #create} configures. */
  static Map<String, Object> groupConfig(
      String bootstrap, String groupId, String clientId, int maxPollRecords) {
    return Map.ofEntries(
        Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        // Explicit group: the seed's "different group.id" confusion cannot happen.
        Map.entry(ConsumerConfig.GROUP_ID_CONFIG, groupId),
        Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, clientId),
        // A new group starts at the beginning, never "at latest with 0 messages".
        Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        // Offsets are committed by the loop only after the records were applied.
        Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        // One poll is one bulk request; bounded so a slow batch stays far from the poll
        // timeout.
        Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords),
        // A steady trickle arrives as batches worth a bulk request, not a few records each:
        // the broker answers a fetch once it holds FETCH_MIN_BYTES or after FETCH_MAX_WAIT_MS.
        Map.entry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES),
        Map.entry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS),
        // Retries during an outage happen inside poll() calls, so the default is ample.
        Map.entry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000),
        // A rebalance moves only the partitions that change owner.
        Map.entry(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName()),
        // Notice a restarted broker quickly.
        Map.entry(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000),
        // Bytes in, bytes out: a dead-lettered record keeps its key and value exactly.
        Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class),
        Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  /**
   * A consumer without a group (assign and seek): it never joins, commits or shows up in {@code
   * platform lag}, and never moves a live group's offsets; its positions live in a workflow and in
   * activity heartbeats.
   *
   * @param keyDeserializer the values are always bytes, exactly as they were produced
   * @param overrides what one reader needs beyond this, e.g. {@code allow.auto.create.topics=false}
   *     or {@code isolation.level=read_committed}
   */
  public static <K> KafkaConsumer<K, byte[]> groupless(
      String bootstrap,
      String clientId,
      int maxPollRecords,
      Class<? extends Deserializer<K>> keyDeserializer,
      Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // No group.id, so nothing to commit.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A position below the log start (deleted by retention) reads from the oldest record.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // One poll is at most one batch (one _bulk request).
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.putAll(overrides);
    return new KafkaConsumer<>(config);
  }
}
