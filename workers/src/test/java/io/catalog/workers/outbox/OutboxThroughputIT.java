package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.product.ProductService;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.PublishedEvent;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.Workers;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 10,000 events from 8 concurrent writers, published by 3 shard workflows: all once, in order. */
class OutboxThroughputIT {
  private static final Logger log = LoggerFactory.getLogger(OutboxThroughputIT.class);
  private static final int WRITERS = 8;

  /** 1,000 creates + 250 updates per writer: 1,250 events each. */
  private static final int CREATES_PER_WRITER = 1000;

  private static final int EVENTS = 10_000;

  @RegisterExtension
  static final StackSlice slice = StackSlice.withWorkers(Map.of("OUTBOX_SHARDS", "3"));

  @Test
  void tenThousandEventsArePublishedExactlyOnceAndInOrderPerProduct() throws Exception {
    ItStack it = slice.it();
    Workers workers = slice.workers();
    ProductService service = new ProductService(it.db.jdbi(), it.names);

    long begin = System.nanoTime();
    long written = ProductWriters.write(service, WRITERS, CREATES_PER_WRITER);
    double writeSeconds = (System.nanoTime() - begin) / 1e9;
    log.info("{} events written by {} writers in {} s", written, WRITERS, fmt(writeSeconds));
    assertThat(written).isEqualTo(EVENTS);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> it.db.count("status = 'PUBLISHED'") == EVENTS);
    double totalSeconds = (System.nanoTime() - begin) / 1e9;
    log.info(
        "{} events written by {} writers in {} s ({} events/s); all published {} s after the first"
            + " write ({} events/s end to end)",
        EVENTS,
        WRITERS,
        fmt(writeSeconds),
        Math.round(EVENTS / writeSeconds),
        fmt(totalSeconds),
        Math.round(EVENTS / totalSeconds));

    assertThat(it.db.count("status <> 'PUBLISHED'")).isZero();
    assertThat(it.db.count("published_at IS NULL OR processed = false")).isZero();
    assertThat(workers.metrics().publishedCount()).isEqualTo(EVENTS);

    List<PublishedEvent> events =
        PublishedEvent.all(
            TopicReader.readAll(it.endpoints.kafkaBootstrap(), it.names.productEvents()));
    assertThat(events).hasSize(EVENTS);
    Set<UUID> distinct = events.stream().map(PublishedEvent::eventId).collect(Collectors.toSet());
    assertThat(distinct).hasSize(EVENTS);
    Set<UUID> inDatabase =
        new HashSet<>(
            it.db
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT event_id FROM outbox_events")
                            .mapTo(UUID.class)
                            .list()));
    assertThat(distinct).isEqualTo(inDatabase);
    assertThat(events.stream().map(PublishedEvent::partition).distinct()).hasSize(3);
    for (PublishedEvent e : events) {
      assertThat(e.key()).isEqualTo(e.aggregateId().toString());
      assertThat(e.headerEventId()).isEqualTo(e.eventId().toString());
      assertThat(e.headerEventType()).isEqualTo(e.eventType());
      assertThat(e.headerSchemaVersion()).isEqualTo("2");
    }
    assertVersionsIncreasePerProduct(events);
  }

  /** Per product, in partition order (one product always lands on one partition): 1, 2, 3, ... */
  static void assertVersionsIncreasePerProduct(List<PublishedEvent> events) {
    Map<UUID, List<PublishedEvent>> byProduct =
        events.stream().collect(Collectors.groupingBy(PublishedEvent::aggregateId));
    long updated = 0;
    for (List<PublishedEvent> history : byProduct.values()) {
      assertThat(history.stream().map(PublishedEvent::partition).distinct()).hasSize(1);
      List<Long> versions =
          history.stream()
              .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
              .map(PublishedEvent::aggregateVersion)
              .toList();
      for (int i = 1; i < versions.size(); i++) {
        assertThat(versions.get(i))
            .as("versions of one product in offset order: %s", versions)
            .isGreaterThan(versions.get(i - 1));
      }
      if (versions.size() > 1) {
        updated++;
      }
    }
    assertThat(updated).isPositive();
  }

  private static String fmt(double seconds) {
    return String.format("%.1f", seconds);
  }
}
