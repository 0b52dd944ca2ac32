package io.catalog.workers.outbox;

import io.catalog.workers.WorkersConfig;
import io.catalog.workflows.outbox.OutboxActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;

/**
 * The publish activity on a test activity environment: the real activity on {@code jdbi}'s outbox,
 * with the relay's default linger, sending to a producer that acknowledges every record at once,
 * one attempt per call.
 */
final class TestPublishActivity {
  private TestPublishActivity() {}

  static OutboxActivities on(TestActivityEnvironment env, Jdbi jdbi) {
    return on(env, jdbi, OutboxMetrics.unregistered());
  }

  /** The same, counting its claims and what it published in {@code metrics}. */
  static OutboxActivities on(TestActivityEnvironment env, Jdbi jdbi, OutboxMetrics metrics) {
    return on(env, jdbi, metrics, WorkersConfig.DEFAULT_LINGER);
  }

  /** The same, lingering {@code linger} after a short batch ({@code OUTBOX_LINGER_MS}). */
  static OutboxActivities on(
      TestActivityEnvironment env, Jdbi jdbi, OutboxMetrics metrics, Duration linger) {
    env.registerActivitiesImplementations(
        new OutboxActivitiesImpl(
            jdbi,
            new OutboxPublisher(
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer()),
                OutboxPublisher.Settings.withMaxAttempts(3),
                metrics),
            linger));
    return env.newActivityStub(
        OutboxActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }
}
