package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.product.ProductService;
import io.catalog.localstack.KafkaServer;
import io.catalog.localstack.LocalStack;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.PublishedEvent;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker goes away for ~20 s while products are written: rows wait as PENDING (their attempts
 * untouched, nothing FAILED) and publishing resumes by itself when the broker is back.
 */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class BrokerOutageIT {
  private static final Logger log = LoggerFactory.getLogger(BrokerOutageIT.class);
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final long PRODUCTS = 3_000;

  @RegisterExtension
  static final StackSlice slice =
      StackSlice.withWorkers(Map.of("OUTBOX_SHARDS", "2", "OUTBOX_MAX_ATTEMPTS", "2"));

  @Test
  void rowsWaitDuringABrokerOutageAndPublishingResumesByItself() throws Exception {
    ItStack it = slice.it();
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    KafkaServer kafka = LocalStack.shared().kafka();
    long total;
    long writtenWhileDown;
    try (ProductWriters.Background writer = new ProductWriters.Background(service, PRODUCTS)) {
      await("publishing is under way")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> it.db.count("status = 'PUBLISHED'") >= 100);
      long outageBegan = System.nanoTime();
      try {
        kafka.stop();
        // However fast the writer was, there is work while the broker is away.
        writtenWhileDown = ProductWriters.write(service, 2, 200);
        // The publishers send, get no ack (or no metadata) in time, and leave the rows PENDING
        // with the broker's error recorded...
        await("a send failed")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> it.db.count("status = 'PENDING' AND last_error IS NOT NULL") > 0);
        // ...and so it stays for the rest of the outage: nothing FAILED, no attempt counted.
        Duration rest = OUTAGE.minusNanos(System.nanoTime() - outageBegan);
        if (!rest.isNegative()) {
          await("rows keep waiting")
              .during(rest)
              .atMost(rest.plusSeconds(10))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> it.db.count("status = 'FAILED' OR attempts > 0") == 0);
        }
        assertThat(it.db.count("status = 'PENDING'")).isPositive();
        log.info(
            "broker down for {} s; {} rows waiting, last error: {}",
            Math.round((System.nanoTime() - outageBegan) / 1e9),
            it.db.count("status = 'PENDING'"),
            it.db
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT last_error FROM outbox_events WHERE last_error IS NOT NULL"
                                    + " LIMIT 1")
                            .mapTo(String.class)
                            .one()));
      } finally {
        kafka.start();
      }
      total = writer.finish() + writtenWhileDown;
    }
    long restarted = System.nanoTime();

    await("publishing resumes by itself")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> it.db.count("status = 'PUBLISHED'") == total);
    log.info(
        "backlog published {} s after the broker was back",
        Math.round((System.nanoTime() - restarted) / 1e9));
    assertThat(it.db.count("status = 'FAILED' OR attempts > 0")).isZero();

    Set<UUID> onTopic =
        PublishedEvent.all(
                TopicReader.readAll(it.endpoints.kafkaBootstrap(), it.names.productEvents()))
            .stream()
            .map(PublishedEvent::eventId)
            .collect(Collectors.toSet());
    Set<UUID> inDatabase =
        new HashSet<>(
            it.db
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT event_id FROM outbox_events")
                            .mapTo(UUID.class)
                            .list()));
    assertThat(onTopic).isEqualTo(inDatabase);
  }
}
