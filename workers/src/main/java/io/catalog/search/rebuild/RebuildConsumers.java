package io.catalog.search.rebuild;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Consumers of a rebuild: without a group, so they never commit, join or disturb anyone. */
final class RebuildConsumers {
  private RebuildConsumers() {}

  static Consumer<String, byte[]> create(String bootstrapServers, String clientId, int maxPollRecords) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.CLIENT_ID_CONFIG, clientId,
            // No group.id: positions live in the workflow and in heartbeats, never in Kafka.
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            // An offset below the log start (deleted by retention) reads from the oldest record.
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            // One poll is one bulk request at most.
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
            // A rebuild reads what the outbox publisher committed; it never writes transactionally,
            // so this only matters if it ever does.
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            // Bytes: EnvelopeReader parses them without an intermediate String.
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
