package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.outbox.OutboxWakeups;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.ItStack;
import io.catalog.workers.testing.StackSlice;
import io.catalog.workflows.outbox.OutboxActivities;
import io.catalog.workflows.outbox.PublishRequest;
import io.catalog.workflows.outbox.PublishSummary;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A publish activity whose time runs out while versions it held back are still waiting hands them
 * over with a notification: the next activity of the shard started before this one ended (the
 * publisher workflow's overlapping hand-over) and waits for one, and no writer sends one for rows
 * that committed long ago. Without it they waited for that activity's idle poll, five seconds.
 */
class HandOverWakeupIT {
  /**
   * Versions of one product: each waits until the last one's batch has committed, and each claim
   * walks the held-back rest. Far more than a second's work: 26 of them were published in the one
   * second on the 2-core development machine.
   */
  private static final int VERSIONS = 3_000;

  private static final Duration TICK = Duration.ofMillis(100);

  @RegisterExtension static final StackSlice slice = StackSlice.plain();

  @Test
  void anActivityThatEndsWithVersionsHeldBackWakesItsShard() throws Exception {
    ItStack it = slice.it();
    ProductService quiet = new ProductService(it.db.jdbi(), it.names, new OutboxWakeups(k -> {}));
    it.db
        .jdbi()
        .useTransaction(
            h -> {
              Product p = quiet.create(h, ProductWriters.draft(1), WriteContext.none());
              for (int v = 1; v < VERSIONS; v++) {
                p =
                    quiet.update(
                        h, p.id(), p.version(), ProductWriters.draft(v + 1), WriteContext.none());
              }
            });
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try (Handle listening = it.db.jdbi().open();
        OutboxNotifications notifications = OutboxNotifications.listen(listening)) {
      OutboxActivities activities = TestPublishActivity.on(env, it.db.jdbi());

      PublishSummary summary = activities.publish(new PublishRequest(0, 1, 500, 1));

      assertThat(summary.published()).isPositive();
      assertThat(summary.pending()).as("versions left for the next activity").isPositive();
      // Nothing else notifies here: the writes were quiet, and they committed before the run.
      boolean woken = notifications.await(Duration.ofSeconds(1), k -> k == 0, TICK, () -> {});
      assertThat(woken).as("a notification for shard 0 after the activity ended").isTrue();
    } finally {
      env.close();
    }
  }
}
