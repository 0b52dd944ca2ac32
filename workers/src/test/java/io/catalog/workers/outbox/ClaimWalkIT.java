package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.Pace;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.WorkersConfig;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import io.catalog.workflows.outbox.OutboxActivities;
import io.catalog.workflows.outbox.PublishRequest;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publish activity's walks ({@link ClaimWalk}) on the real database, under a steady stream of
 * single creates: its short claims walk from the floor, not from id 0, and a row that commits late
 * below the floor is still published, by the next walk from 0. In such a stream the claims that
 * find rows begin at least a linger apart, while a backlog drains without lingering.
 */
class ClaimWalkIT {
  private static final Duration STREAM = Duration.ofSeconds(3);
  private static final Duration BETWEEN_CREATES = Duration.ofMillis(5);
  private static final Duration COUNT_FROM = Duration.ofMillis(500);
  private static final Duration LATE_COMMIT = Duration.ofMillis(1_500);

  @RegisterExtension static final StackSlice slice = StackSlice.plain();

  private final OutboxMetrics metrics = OutboxMetrics.unregistered();
  private ProductService service;

  @BeforeEach
  void emptyOutbox() {
    ItStack it = slice.it();
    service = new ProductService(it.db.jdbi(), it.names);
    it.db.jdbi().useHandle(h -> h.execute("DELETE FROM outbox_events"));
  }

  private String status(UUID product) {
    return slice
        .it()
        .db
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT status FROM outbox_events WHERE aggregate_id = :id")
                    .bind("id", product)
                    .mapTo(String.class)
                    .one());
  }

  private void awaitPublished(Product product, Duration atMost) {
    await()
        .atMost(atMost)
        .untilAsserted(() -> assertThat(status(product.id())).isEqualTo("PUBLISHED"));
  }

  @Test
  void shortClaimsWalkFromTheFloorAndALateRowBelowItIsStillPublished() throws Exception {
    ItStack it = slice.it();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (Handle late = it.db.jdbi().open()) {
      OutboxActivities activities = TestPublishActivity.on(env, it.db.jdbi(), metrics);
      CompletableFuture<?> publishing =
          CompletableFuture.runAsync(
              () ->
                  activities.publish(new PublishRequest(0, 1, 500, (int) STREAM.toSeconds() + 8)));
      // A create whose transaction stays open: its row's id is drawn now and commits later.
      late.begin();
      Product lateProduct = service.create(late, ProductWriters.draft(0), WriteContext.none());

      long start = System.nanoTime();
      long counted = start + COUNT_FROM.toNanos();
      long lateCommit = start + LATE_COMMIT.toNanos();
      long claimsBefore = -1;
      long fromStartBefore = -1;
      int n = 1;
      Product last = null;
      while (System.nanoTime() - start < STREAM.toNanos()) {
        last = service.create(ProductWriters.draft(n++), WriteContext.none());
        Pace.awaitNanoTime(System.nanoTime() + BETWEEN_CREATES.toNanos()); // paces the stream
        if (claimsBefore < 0 && System.nanoTime() >= counted) {
          // Counted from here: in the first LAG no claim is old enough to give a floor, so every
          // claim walks from 0.
          claimsBefore = metrics.claimCount();
          fromStartBefore = metrics.claimFromStartCount();
        }
        if (late.isInTransaction() && System.nanoTime() >= lateCommit) {
          // Rows with higher ids have been published for a second; the late one commits now.
          late.commit();
        }
      }
      assertThat(late.isInTransaction())
          .as("the late create committed during the stream")
          .isFalse();
      long claims = metrics.claimCount() - claimsBefore;
      long fromStart = metrics.claimFromStartCount() - fromStartBefore;
      awaitPublished(last, Duration.ofSeconds(10));
      awaitPublished(lateProduct, ClaimWalk.FULL_WALK_EVERY.plusSeconds(5));

      // One walk from 0 per FULL_WALK_EVERY, and one for each idle wait that ran out: a handful
      // over the counted part of the stream, where a walk from 0 after every short claim would be
      // all of its claims.
      long bound = STREAM.minus(COUNT_FROM).toMillis() / ClaimWalk.FULL_WALK_EVERY.toMillis() + 4;
      assertThat(claims).as("claims while counting").isGreaterThan(2 * bound);
      assertThat(fromStart)
          .as("claims that walked from id 0, of %d", claims)
          .isLessThanOrEqualTo(bound);
      publishing.get(30, TimeUnit.SECONDS);
    } finally {
      env.close();
    }
  }

  @Test
  void inASteadyStreamTheClaimsThatFindRowsBeginALingerApart() throws Exception {
    ItStack it = slice.it();
    Duration linger = Duration.ofMillis(100);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      OutboxActivities activities = TestPublishActivity.on(env, it.db.jdbi(), metrics, linger);
      // Batches larger than what one thread writes in a linger: every claim of the stream is short.
      CompletableFuture<?> publishing =
          CompletableFuture.runAsync(
              () ->
                  activities.publish(
                      new PublishRequest(0, 1, 10_000, (int) STREAM.toSeconds() + 2)));
      // Creates as fast as one thread writes them: many per linger.
      long start = System.nanoTime();
      int n = 1;
      Product last = null;
      while (System.nanoTime() - start < STREAM.toNanos()) {
        last = service.create(ProductWriters.draft(n++), WriteContext.none());
      }
      int streamed = n - 1;
      awaitPublished(last, Duration.ofSeconds(10));
      long withRows = metrics.claimCount() - metrics.emptyClaimCount();
      // One per linger while the stream ran, and a few for its start and end; without the linger
      // the loop claims again as soon as a batch is marked, a few rows each.
      long bound = STREAM.toMillis() / linger.toMillis() + 4;
      assertThat(streamed).as("creates streamed").isGreaterThan((int) (4 * bound));
      assertThat(withRows)
          .as("claims that found rows, of %d creates", streamed)
          .isBetween(1L, bound);
      publishing.get(30, TimeUnit.SECONDS);
    } finally {
      env.close();
    }
  }

  @Test
  void aBacklogDrainsInFullBatchesWithoutLingering() throws Exception {
    ItStack it = slice.it();
    Duration linger = WorkersConfig.MAX_LINGER;
    Product last = null;
    try (Handle h = it.db.jdbi().open()) {
      h.begin();
      for (int i = 1; i <= 2_000; i++) {
        last = service.create(h, ProductWriters.draft(i), WriteContext.none());
      }
      h.commit();
    }
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      OutboxActivities activities = TestPublishActivity.on(env, it.db.jdbi(), metrics, linger);
      CompletableFuture<?> publishing =
          CompletableFuture.runAsync(() -> activities.publish(new PublishRequest(0, 1, 100, 6)));
      // Twenty full batches: one linger after each would take 19 s.
      awaitPublished(last, linger.multipliedBy(5));
      assertThat(metrics.claimCount() - metrics.emptyClaimCount()).isGreaterThanOrEqualTo(20);
      publishing.get(30, TimeUnit.SECONDS);
    } finally {
      env.close();
    }
  }
}
