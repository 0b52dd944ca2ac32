package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.ClaimedEvent;
import io.catalog.domain.outbox.FailedEvent;
import io.catalog.domain.outbox.OutboxAdmin;
import io.catalog.domain.outbox.OutboxPublishDao;
import io.catalog.domain.outbox.RetryPolicy;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.testkit.PublishedEvent;
import io.catalog.testkit.TopicReader;
import io.catalog.workers.kafka.TopicProvisioner;
import io.catalog.workers.kafka.TopicSpec;
import io.catalog.workers.testing.ItStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-level failures (a record too large for the broker), retries with backoff, FAILED rows holding
 * back their product's later events, operator retry, the one-shot publisher and the claim's
 * locking.
 */
class OutboxFailureIT {
  private static final Logger log = LoggerFactory.getLogger(OutboxFailureIT.class);

  /**
   * Bigger than the producer's max.request.size (1 MB): a non-retriable RecordTooLargeException.
   */
  private static final String OVERSIZED =
      "jsonb_set(payload, '{padding}', to_jsonb(repeat('x', 1200000)))";

  private static ItStack it;
  private static Producer<String, String> producer;
  private ProductService service;

  @BeforeAll
  static void start() {
    it = ItStack.create();
    try (TopicProvisioner topics = TopicProvisioner.connect(it.endpoints.kafkaBootstrap())) {
      topics.provision(TopicSpec.platformTopics(it.names, 3));
    }
    producer = OutboxProducers.create(it.endpoints.kafkaBootstrap(), "outbox-failure-it");
  }

  @AfterAll
  static void stop() {
    producer.close();
    it.close();
  }

  @BeforeEach
  void emptyOutbox() {
    service = new ProductService(it.db.jdbi(), it.names);
    it.db.jdbi().useHandle(h -> h.execute("DELETE FROM outbox_events"));
  }

  private static OneShotPublisher oneShot(int maxAttempts, Duration baseBackoff) {
    OutboxPublisher.Settings settings =
        new OutboxPublisher.Settings(
            new RetryPolicy(maxAttempts, baseBackoff, Duration.ofMinutes(5)),
            Duration.ofSeconds(30));
    return new OneShotPublisher(
        it.db.jdbi(), new OutboxPublisher(producer, settings, OutboxMetrics.unregistered()));
  }

  @Test
  void aRecordTheBrokerRejectsIsRetriedWithBackoffThenFailedAndHoldsBackOnlyItsOwnProduct() {
    Product a = createAndUpdateTwice();
    Product b = service.create(ProductWriters.draft(2), WriteContext.none());
    long firstOfA = oversize(a.id(), 1);

    OneShotPublisher.Result first = oneShot(3, Duration.ofSeconds(30)).publishPending();

    // B goes out; A's first event failed once and waits out its backoff; A's later events wait for
    // it.
    assertThat(first.published()).isEqualTo(1);
    assertThat(first.newlyFailed()).isZero();
    assertThat(first.lastError()).startsWith("RecordTooLargeException");
    assertThat(statusOf(b.id(), 1)).isEqualTo("PUBLISHED");
    assertThat(
            it.db.count(
                "id = "
                    + firstOfA
                    + " AND status = 'PENDING' AND attempts = 1 AND next_attempt_at > now() +"
                    + " interval '20 seconds' AND last_error LIKE 'RecordTooLarge%'"))
        .isEqualTo(1);
    assertThat(statusOf(a.id(), 2)).isEqualTo("PENDING");
    assertThat(statusOf(a.id(), 3)).isEqualTo("PENDING");

    // Once the backoff is over (here: cut short), and without further backoff, the remaining
    // attempts follow at once: FAILED after the third.
    it.db
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE outbox_events SET next_attempt_at = now() WHERE id = ?", firstOfA));
    OneShotPublisher.Result exhausted = oneShot(3, Duration.ZERO).publishPending();

    assertThat(exhausted.newlyFailed()).isEqualTo(1);
    assertThat(exhausted.published()).isZero();
    assertThat(statusOf(a.id(), 1)).isEqualTo("FAILED");
    assertThat(it.db.count("id = " + firstOfA + " AND attempts = 3")).isEqualTo(1);
    assertThat(statusOf(a.id(), 2)).isEqualTo("PENDING");
    assertThat(statusOf(a.id(), 3)).isEqualTo("PENDING");
    List<FailedEvent> failed = new OutboxAdmin(it.db.jdbi()).failed(10);
    assertThat(failed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo(firstOfA);
              assertThat(f.aggregateId()).isEqualTo(a.id());
              assertThat(f.attempts()).isEqualTo(3);
              assertThat(f.lastError()).startsWith("RecordTooLargeException");
            });
    assertThat(new OutboxAdmin(it.db.jdbi()).stats().failed()).isEqualTo(1);
  }

  @Test
  void retryingAFixedFailedRowPublishesItAndTheEventsItHeldBackInOrder() {
    Product a = createAndUpdateTwice();
    String original =
        it.db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT payload::text FROM outbox_events WHERE aggregate_id = :a AND"
                                + " aggregate_version = 1")
                        .bind("a", a.id())
                        .mapTo(String.class)
                        .one());
    long firstOfA = oversize(a.id(), 1);
    oneShot(1, Duration.ZERO).publishPending();
    assertThat(statusOf(a.id(), 1)).isEqualTo("FAILED");

    // The operator fixes the cause (here: the payload) and retries the row.
    it.db
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE outbox_events SET payload = CAST(:p AS jsonb) WHERE id = :id")
                    .bind("p", original)
                    .bind("id", firstOfA)
                    .execute());
    assertThat(new OutboxAdmin(it.db.jdbi()).retry(List.of(firstOfA, 999_999L))).isEqualTo(1);
    assertThat(it.db.count("id = " + firstOfA + " AND status = 'PENDING' AND attempts = 0"))
        .isEqualTo(1);

    assertThat(oneShot(1, Duration.ZERO).publishPending().published()).isEqualTo(3);

    List<Long> versions =
        PublishedEvent.all(
                TopicReader.readAll(it.endpoints.kafkaBootstrap(), it.names.productEvents()))
            .stream()
            .filter(e -> e.aggregateId().equals(a.id()))
            .map(PublishedEvent::aggregateVersion)
            .toList();
    assertThat(versions).containsExactly(1L, 2L, 3L);
  }

  @Test
  void retryAllFailedResetsEveryFailedRow() {
    Product a = service.create(ProductWriters.draft(1), WriteContext.none());
    Product b = service.create(ProductWriters.draft(2), WriteContext.none());
    oversize(a.id(), 1);
    oversize(b.id(), 1);
    oneShot(1, Duration.ZERO).publishPending();
    assertThat(it.db.count("status = 'FAILED'")).isEqualTo(2);

    assertThat(new OutboxAdmin(it.db.jdbi()).retryAllFailed()).isEqualTo(2);

    assertThat(it.db.count("status = 'PENDING' AND attempts = 0")).isEqualTo(2);
  }

  @Test
  void aRowLockedByAnotherPublisherHoldsBackTheLaterEventsOfItsProductOnly() {
    Product a = createAndUpdateTwice();
    Product b = service.create(ProductWriters.draft(2), WriteContext.none());
    try (Handle other = it.db.jdbi().open()) {
      // Another publisher holds A's first event (and only it) in its open transaction.
      other.begin();
      other
          .createQuery(
              "SELECT id FROM outbox_events WHERE aggregate_id = :a AND aggregate_version = 1 FOR"
                  + " UPDATE")
          .bind("a", a.id())
          .mapTo(Long.class)
          .one();

      List<ClaimedEvent> claimed =
          it.db
              .jdbi()
              .inTransaction(
                  h -> OutboxPublishDao.on(h).claim(ClaimWindow.allShards(100, Long.MAX_VALUE)));

      assertThat(claimed).extracting(ClaimedEvent::aggregateId).containsExactly(b.id());
      other.rollback();
    }
    List<ClaimedEvent> all =
        it.db
            .jdbi()
            .inTransaction(
                h -> OutboxPublishDao.on(h).claim(ClaimWindow.allShards(100, Long.MAX_VALUE)));
    // Free again: the oldest unpublished event of each product, one per product.
    assertThat(all)
        .extracting(e -> e.aggregateId() + "/" + e.aggregateVersion())
        .containsExactly(a.id() + "/1", b.id() + "/1");
  }

  @Test
  void shardsSplitTheOutboxWithoutOverlap() {
    for (int i = 0; i < 200; i++) {
      service.create(ProductWriters.draft(i), WriteContext.none());
    }
    List<Long> all =
        it.db
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT id FROM outbox_events").mapTo(Long.class).list());
    assertThat(all).hasSize(200);
    List<List<Long>> claimedBy = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      int s = shard;
      claimedBy.add(
          it
              .db
              .jdbi()
              .inTransaction(
                  h ->
                      OutboxPublishDao.on(h)
                          .claim(new ClaimWindow(s, 3, 10_000, 0, Long.MAX_VALUE)))
              .stream()
              .map(ClaimedEvent::id)
              .toList());
    }

    for (int a = 0; a < 3; a++) {
      int s = a;
      List<Long> own =
          it.db
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT id FROM outbox_events WHERE shard_key % 3 = :s")
                          .bind("s", s)
                          .mapTo(Long.class)
                          .list());
      assertThat(claimedBy.get(a))
          .as("shard %d claims its own buckets, each row once", a)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(own);
      for (int b = a + 1; b < 3; b++) {
        assertThat(claimedBy.get(a))
            .as("rows claimed by shards %d and %d", a, b)
            .doesNotContainAnyElementsOf(claimedBy.get(b));
      }
    }
    List<Long> claimed = claimedBy.stream().flatMap(List::stream).toList();
    assertThat(claimed)
        .as("all shards together")
        .hasSize(all.size())
        .containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void oneShotPublishesEverythingPendingNow() throws Exception {
    long written = ProductWriters.write(service, 4, 1000);

    long begin = System.nanoTime();
    OneShotPublisher.Result result = oneShot(10, Duration.ofSeconds(1)).publishPending();
    double seconds = (System.nanoTime() - begin) / 1e9;

    log.info(
        "one-shot published {} events in {} s: {} events/s",
        result.published(),
        String.format("%.2f", seconds),
        Math.round(result.published() / seconds));
    assertThat(result.published()).isEqualTo(written);
    assertThat(result.sendFailures()).isZero();
    assertThat(it.db.count("status <> 'PUBLISHED'")).isZero();
    assertThat(oneShot(10, Duration.ofSeconds(1)).publishPending().published()).isZero();
  }

  private Product createAndUpdateTwice() {
    Product v1 = service.create(ProductWriters.draft(1), WriteContext.none());
    Product v2 = service.update(v1.id(), 1, ProductWriters.draft(11), WriteContext.none());
    return service.update(v2.id(), 2, ProductWriters.draft(12), WriteContext.none());
  }

  private static long oversize(UUID aggregateId, long version) {
    return it.db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "UPDATE outbox_events SET payload = "
                            + OVERSIZED
                            + " WHERE aggregate_id = :a AND aggregate_version = :v RETURNING id")
                    .bind("a", aggregateId)
                    .bind("v", version)
                    .mapTo(Long.class)
                    .one());
  }

  private static String statusOf(UUID aggregateId, long version) {
    return it.db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT status FROM outbox_events WHERE aggregate_id = :a AND"
                            + " aggregate_version = :v")
                    .bind("a", aggregateId)
                    .bind("v", version)
                    .mapTo(String.class)
                    .one());
  }
}
