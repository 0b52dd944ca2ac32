package io.catalog.workers.outbox;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one producer configuration the outbox publisher uses (one instance per process). */
public final class OutboxProducers {
  /** A record not acknowledged within this time fails its callback; bounds a claim transaction. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

  /**
   * A topic no record was sent to for this long is forgotten; the next record to it fetches its
   * metadata first (one round trip). Kafka's minimum is 5 s.
   */
  public static final Duration METADATA_IDLE = Duration.ofSeconds(10);

  private OutboxProducers() {}

  public static Producer<String, String> create(String bootstrapServers, String clientId) {
    Map<String, Object> props =
        Map.ofEntries(
            Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId),
            // A row is PUBLISHED only once every in-sync replica has the event.
            Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
            // The client's own retries then never duplicate or reorder a partition's records.
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
            // The most in-flight requests idempotence allows while still keeping order.
            Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
            // A claimed batch is sent in one tight loop: 1 ms still lets it leave as a few large
            // requests, and costs each batch 1 ms, not 5 (Kafka's default 5 ms was a third of the
            // write→Kafka median at 1,000 writes/s, docs/benchmarks.md).
            Map.entry(ProducerConfig.LINGER_MS_CONFIG, 1),
            Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
            // Fails a record's callback after this long without an ack (retries included), so a
            // broker outage ends a claim transaction instead of holding row locks for minutes.
            Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis()),
            // Must stay below the delivery timeout so that a request can be retried within it.
            Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
            // send() waits at most this long for metadata or buffer space before throwing.
            Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
            // Notice a restarted broker within a second instead of backing off for longer.
            Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000),
            // Forget a topic nothing was sent to for this long (Kafka's default: 5 minutes). The
            // client refreshes the metadata of every topic it remembers; once one is deleted, each
            // answer (UNKNOWN_TOPIC_OR_PARTITION) asks for the next, about once a second, and some
            // of those requests held every send of the connection back for 100-200 ms
            // (docs/benchmarks.md, "The producer that asked about a deleted topic").
            Map.entry(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) METADATA_IDLE.toMillis()),
            // Key = aggregate_id, value = the stored envelope text, both UTF-8 unchanged.
            Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
            Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    return new KafkaProducer<>(props);
  }
}
