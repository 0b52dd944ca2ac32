package io.catalog.cli.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends product commands to the command topic at a steady rate: each valid CreateProduct twice (a
 * duplicate delivery the consumer must apply once), and every n-th command an invalid one (an
 * unknown command_type) that must end in the command dead-letter topic, and nowhere else. Beside
 * every invalid command it puts a broken record on the event topic (malformed JSON, or a
 * schema_version nobody knows, in turn): the projection must dead-letter it and the triage workflow
 * park it. A send that failed (broker away) is retried with the same id.
 */
final class CommandFeeder implements Runnable, AutoCloseable {
  static final String TITLE_PREFIX = "chaos command ";

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final String eventsTopic;
  private final long periodNanos;
  private final int poisonEvery;
  private final AtomicBoolean running;

  /** Valid commands sent at least once (acknowledged or not: a timed-out send may have landed). */
  final Set<String> attempted = ConcurrentHashMap.newKeySet();

  /** Valid commands the broker acknowledged: each must be applied exactly once. */
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

  /**
   * Invalid commands sent at least once: the only ones allowed in the command dead-letter topic.
   */
  final Set<String> poison = ConcurrentHashMap.newKeySet();

  /** Invalid commands the broker acknowledged: each must reach the command dead-letter topic. */
  final Set<String> poisonAcknowledged = ConcurrentHashMap.newKeySet();

  /**
   * Keys of the broken event records sent: the only ones allowed in the event dead-letter topic.
   */
  final Set<String> poisonEvents = ConcurrentHashMap.newKeySet();

  /** Broken event records the broker acknowledged: each must be dead-lettered and parked. */
  final Set<String> poisonEventsAcknowledged = ConcurrentHashMap.newKeySet();

  final AtomicLong deliveries = new AtomicLong();
  final AtomicLong failedSends = new AtomicLong();

  CommandFeeder(
      String bootstrap,
      String topic,
      String eventsTopic,
      double perSecond,
      int poisonEvery,
      AtomicBoolean running) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                10_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    this.topic = topic;
    this.eventsTopic = eventsTopic;
    this.periodNanos = (long) (1e9 / perSecond);
    this.poisonEvery = poisonEvery;
    this.running = running;
  }

  @Override
  public void run() {
    long n = 0;
    String pending = null;
    String pendingId = null;
    boolean pendingPoison = false;
    long next = System.nanoTime();
    while (running.get()) {
      if (pending == null) {
        n++;
        pendingId = UUID.randomUUID().toString();
        pendingPoison = poisonEvery > 0 && n % poisonEvery == 0;
        pending = pendingPoison ? poison(pendingId) : create(pendingId, n);
      }
      (pendingPoison ? poison : attempted).add(pendingId);
      try {
        if (pendingPoison) {
          sendPoison(pendingId, pending, n);
        } else {
          sendValid(pendingId, pending);
        }
        pending = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failedSends.incrementAndGet();
      }
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait); // the feed's fixed rate, not synchronisation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      } else {
        next = System.nanoTime();
      }
    }
  }

  /** A valid command, delivered twice on purpose. */
  private void sendValid(String id, String command) throws Exception {
    for (int copy = 0; copy < 2; copy++) {
      producer.send(new ProducerRecord<>(topic, id, command)).get(15, TimeUnit.SECONDS);
      deliveries.incrementAndGet();
    }
    acknowledged.add(id);
  }

  /**
   * An invalid command, delivered once, and a broken event record beside it (malformed JSON or an
   * unknown schema version, in turn) for the projection to dead-letter.
   */
  private void sendPoison(String id, String command, long n) throws Exception {
    producer.send(new ProducerRecord<>(topic, id, command)).get(15, TimeUnit.SECONDS);
    deliveries.incrementAndGet();
    poisonAcknowledged.add(id);
    poisonEvents.add(id);
    String eventId = UUID.randomUUID().toString();
    String broken =
        n % (2L * poisonEvery) == 0 ? "{\"event_id\": not json" : unknownSchema(eventId, id);
    ProducerRecord<String, String> record = new ProducerRecord<>(eventsTopic, id, broken);
    // The headers a real producer sets, so triage classifies by the value (malformed,
    // schema_mismatch).
    record.headers().add("event_id", eventId.getBytes(StandardCharsets.UTF_8));
    record.headers().add("event_type", "product.updated".getBytes(StandardCharsets.UTF_8));
    producer.send(record).get(15, TimeUnit.SECONDS);
    poisonEventsAcknowledged.add(id);
  }

  private static String create(String id, long n) {
    return "{\"command_id\":\""
        + id
        + "\",\"command_type\":\"CreateProduct\",\"product\":{\"seller_id\":\""
        + UUID.randomUUID()
        + "\",\"title\":\""
        + TITLE_PREFIX
        + n
        + "\",\"price\":1.50,\"stock\":3}}";
  }

  private static String poison(String id) {
    return "{\"command_id\":\""
        + id
        + "\",\"command_type\":\"RenameProduct\",\"product_id\":\""
        + UUID.randomUUID()
        + "\"}";
  }

  private static String unknownSchema(String eventId, String id) {
    return "{\"event_id\":\""
        + eventId
        + "\",\"event_type\":\"product.updated\",\"schema_version\":99,"
        + "\"aggregate_id\":\""
        + id
        + "\",\"aggregate_version\":1,\"payload\":{}}";
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
