package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.outbox.OutboxWakeups;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two versions of one product that commit together wake the publisher once. The claim takes the
 * first and holds the second back until the first is published; the publisher must then claim again
 * by itself, since no wake-up is coming for the second. Before it did, the second version waited
 * for the idle poll, five seconds.
 */
class HeldBackSuccessorIT {
  @RegisterExtension
  static final StackSlice slice = StackSlice.withWorkers(Map.of("OUTBOX_SHARDS", "1"));

  @Test
  void aVersionHeldBackBehindItsPredecessorIsPublishedRightAfterIt() {
    ItStack it = slice.it();
    ProductService quiet = new ProductService(it.db.jdbi(), it.names, new OutboxWakeups(k -> {}));
    ProductService waking = new ProductService(it.db.jdbi(), it.names);
    // The publisher is running, has drained and is waiting for a notification.
    waking.create(ProductWriters.draft(1), WriteContext.none());
    await("publisher running and idle")
        .atMost(Duration.ofMinutes(1))
        .until(() -> it.db.count("status = 'PENDING'") == 0 && it.db.count("true") == 1);

    // One transaction, two versions, and exactly one notification (sent by hand, after commit).
    List<Product> written = new CopyOnWriteArrayList<>();
    it.db
        .jdbi()
        .useTransaction(
            h -> {
              Product created = quiet.create(h, ProductWriters.draft(2), WriteContext.none());
              written.add(created);
              written.add(
                  quiet.update(
                      h,
                      created.id(),
                      created.version(),
                      ProductWriters.draft(3),
                      WriteContext.none()));
            });
    UUID id = written.get(0).id();
    it.db.jdbi().useHandle(h -> OutboxWakeups.send(h, Integer.toString(OutboxEvent.shardKey(id))));

    await("both versions published")
        .atMost(Duration.ofSeconds(30))
        .until(() -> it.db.count("status = 'PUBLISHED' AND aggregate_id = '" + id + "'") == 2);
    List<OffsetDateTime> publishedAt =
        it.db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT published_at FROM outbox_events WHERE aggregate_id = :id"
                                + " ORDER BY aggregate_version")
                        .bind("id", id)
                        .mapTo(OffsetDateTime.class)
                        .list());
    // A fifth of the idle poll: only a claim of the publisher's own makes it in time.
    assertThat(Duration.between(publishedAt.get(0), publishedAt.get(1)))
        .isLessThan(OutboxActivitiesImpl.IDLE_POLL.dividedBy(5));
  }
}
