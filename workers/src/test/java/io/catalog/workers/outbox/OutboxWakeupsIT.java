package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An idle publisher wakes the moment a write commits, and no writer's transaction notifies: the
 * writers' {@code OutboxWakeups} send the notification from a transaction of their own, so commits
 * no longer queue on Postgres's notify lock (docs/architecture.md, "Write path").
 */
class OutboxWakeupsIT {
  @RegisterExtension static final StackSlice slice = StackSlice.plain();

  @Test
  void noTriggerNotifiesFromAWritersTransaction() {
    ItStack it = slice.it();
    long triggers =
        it.db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM pg_trigger"
                                + " WHERE tgrelid = 'outbox_events'::regclass AND NOT tgisinternal")
                        .mapTo(Long.class)
                        .one());
    assertThat(triggers).isZero();
  }

  @Test
  void aCommittedCreateWakesTheListeningPublisherOfItsShard() throws Exception {
    ItStack it = slice.it();
    ProductService service = new ProductService(it.db.jdbi(), it.names);
    try (Handle listening = it.db.jdbi().open();
        OutboxNotifications notifications = OutboxNotifications.listen(listening)) {
      Product created = service.create(ProductWriters.draft(1), WriteContext.none());
      int key = OutboxEvent.shardKey(created.id());

      // Well inside the publishers' 5 s idle poll: only a notification answers this in time.
      boolean woken =
          notifications.await(
              OutboxActivitiesImpl.IDLE_POLL.dividedBy(2),
              k -> k == key,
              Duration.ofMillis(100),
              () -> {});
      assertThat(woken).as("notified for shard key %d", key).isTrue();
    }
  }
}
