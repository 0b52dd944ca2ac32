package io.catalog.search.replay;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A replay's consumer: without a group (assign and seek), so it never joins, commits or moves the
 * live {@code product-event-projection-group}'s offsets.
 */
final class ReplayConsumers {
  private ReplayConsumers() {}

  static Consumer<byte[], byte[]> create(String bootstrap, String clientId, int maxPollRecords) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.CLIENT_ID_CONFIG, clientId,
            // No group.id: positions live in the workflow and in heartbeats, never in Kafka.
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            // A position below the log start (deleted by retention) reads from the oldest record.
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            // Reading must never create the topic.
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
            // One poll is at most one _bulk request.
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
            // Bytes, exactly as the live consumer reads them: the same handler applies them.
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
