package io.catalog.dlq;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The triage's reader of the dead-letter topic: no group, its position lives in the workflow. */
final class DlqConsumers {
  private DlqConsumers() {}

  static Consumer<byte[], byte[]> create(String bootstrap, String clientId, int maxPollRecords) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.CLIENT_ID_CONFIG, clientId,
            // No group.id: it never joins, commits or shows up in `platform lag`.
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            // A position below the log start (deleted by retention) reads from the oldest record.
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            // Reading a topic that does not exist must not create it.
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
            // Bytes: the entry keeps key, value and headers exactly as they were.
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
