package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.outbox.OutboxWakeups;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A heartbeat that the Temporal server is slow to answer does not hold the relay. The SDK sends a
 * heartbeat as a blocking call under the activity's heartbeat lock; sent from the publishing
 * thread, every row behind it waited for that round trip. Here the server's answer to the first
 * heartbeat is held back (the test environment calls its heartbeat listener inside the call) while
 * rows wait: they are published meanwhile.
 */
class PublishHeartbeatIT {
  private static final int ROWS = 200;

  @RegisterExtension static final StackSlice slice = StackSlice.plain();

  @Test
  void rowsArePublishedWhileAHeartbeatWaitsForTheServer() throws Exception {
    ItStack it = slice.it();
    ProductService quiet = new ProductService(it.db.jdbi(), it.names, new OutboxWakeups(k -> {}));
    for (int i = 0; i < ROWS; i++) {
      quiet.create(ProductWriters.draft(i), WriteContext.none());
    }
    CountDownLatch heartbeatArrived = new CountDownLatch(1);
    CountDownLatch serverAnswers = new CountDownLatch(1);
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.setActivityHeartbeatListener(
          PublishProgress.class,
          progress -> {
            heartbeatArrived.countDown();
            try {
              serverAnswers.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      OutboxActivities activities = TestPublishActivity.on(env, it.db.jdbi());

      CompletableFuture<PublishSummary> run =
          CompletableFuture.supplyAsync(() -> activities.publish(new PublishRequest(0, 1, 20, 3)));

      assertThat(heartbeatArrived.await(30, TimeUnit.SECONDS)).as("a first heartbeat").isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> it.db.count("status = 'PENDING'") == 0);
      assertThat(serverAnswers.getCount()).as("the heartbeat is still unanswered").isEqualTo(1);

      serverAnswers.countDown();
      PublishSummary summary = run.get(1, TimeUnit.MINUTES);
      assertThat(summary.published()).isEqualTo(ROWS);
    } finally {
      serverAnswers.countDown();
      env.close();
    }
  }
}
