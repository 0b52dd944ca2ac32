package io.catalog.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The consumer configuration of the platform's consumer groups; each property says why. */
public final class Consumers {
  private Consumers() {}

  public static KafkaConsumer<byte[], byte[]> create(String bootstrap, String groupId, String clientId, int maxPollRecords) {
    return new KafkaConsumer<>(
        Map.ofEntries(
            Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            // Explicit group: the seed's "different group.id" confusion cannot happen.
            Map.entry(ConsumerConfig.GROUP_ID_CONFIG, groupId),
            Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, clientId),
            // A new group starts at the beginning, never "at latest with 0 messages".
            Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            // Offsets are committed by the loop only after the records were applied.
            Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            // One poll is one bulk request; bounded so a slow batch stays far from the poll timeout.
            Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords),
            // Retries during an outage happen inside poll() calls, so the default is ample.
            Map.entry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000),
            // A rebalance moves only the partitions that change owner.
            Map.entry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()),
            // Notice a restarted broker quickly.
            Map.entry(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000),
            // Bytes in, bytes out: a dead-lettered record keeps its key and value exactly.
            Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class),
            Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
  }
}
