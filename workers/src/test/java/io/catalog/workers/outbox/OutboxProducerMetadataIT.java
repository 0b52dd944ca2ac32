package io.catalog.workers.outbox;

import static org.awaitility.Awaitility.await;

import io.catalog.workers.testing.ItStack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay's producer forgets a topic once it is deleted. With Kafka's default it kept asking the
 * broker about the topic about once a second for five minutes, and some of those requests held the
 * relay's sends back for 100-200 ms (docs/benchmarks.md, "The producer that asked about a deleted
 * topic").
 */
class OutboxProducerMetadataIT {
  private static ItStack it;
  private static Admin admin;

  @BeforeAll
  static void start() {
    it = ItStack.create();
    admin = it.kafkaAdmin();
  }

  @AfterAll
  static void stop() {
    admin.close();
    it.close();
  }

  @Test
  void stopsAskingAboutADeletedTopicWhileItPublishesToAnother() throws Exception {
    String live = it.names.prefix() + "live-" + UUID.randomUUID();
    String gone = it.names.prefix() + "gone-" + UUID.randomUUID();
    admin
        .createTopics(List.of(new NewTopic(live, 1, (short) 1), new NewTopic(gone, 1, (short) 1)))
        .all()
        .get(30, TimeUnit.SECONDS);
    try (Producer<String, String> producer =
        OutboxProducers.create(it.endpoints.kafkaBootstrap(), "metadata-idle-it")) {
      producer.send(new ProducerRecord<>(live, "k", "v")).get(30, TimeUnit.SECONDS);
      producer.send(new ProducerRecord<>(gone, "k", "v")).get(30, TimeUnit.SECONDS);
      admin.deleteTopics(List.of(gone)).all().get(30, TimeUnit.SECONDS);
      // A record for it after all (a row written before the topic went): the broker's
      // UNKNOWN_TOPIC_OR_PARTITION makes the producer refresh the metadata of every topic it knows.
      producer.send(new ProducerRecord<>(gone, "k", "v"));

      // Each condition check publishes to the live topic for three seconds, one record at a time,
      // so each record is one produce request: any request beyond those asked for metadata. With
      // Kafka's default the deleted topic was asked about about once a second for five minutes.
      await("three seconds of publishing without a metadata request")
          .atMost(
              OutboxProducers.METADATA_IDLE.plus(OutboxProducers.DELIVERY_TIMEOUT).plusSeconds(40))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> metadataRequestsWhilePublishing(producer, live, Duration.ofSeconds(3)) == 0);
    }
  }

  /** Requests beyond one per record while publishing to {@code topic} for {@code period}. */
  private static long metadataRequestsWhilePublishing(
      Producer<String, String> producer, String topic, Duration period) throws Exception {
    long before = requestsSent(producer);
    long records = 0;
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
      records++;
    }
    return requestsSent(producer) - before - records;
  }

  private static long requestsSent(Producer<String, String> producer) {
    return producer.metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("producer-metrics"))
        .filter(e -> e.getKey().name().equals("request-total"))
        .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
        .sum();
  }
}
