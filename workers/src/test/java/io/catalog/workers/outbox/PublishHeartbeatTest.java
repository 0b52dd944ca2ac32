package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What the publish loop sees of a heartbeat sent from the heartbeat's own thread. The SDK itself
 * swallows a failed call to the server, so these failures come from a context that only answers
 * {@code heartbeat} (and the names the thread and the log take); {@code PublishHeartbeatIT} runs
 * the real one.
 */
class PublishHeartbeatTest {
  @Test
  void theActivitysEndStopsTheLoopWithoutAFailure() {
    try (PublishHeartbeat beat =
        new PublishHeartbeat(
            context(
                () -> {
                  throw new ActivityCanceledException();
                }),
            PublishProgress.NONE)) {
      beat.tick();

      await().atMost(Duration.ofSeconds(10)).until(beat::stopped);
      beat.tick();
    }
  }

  @Test
  void anyOtherFailureIsThrownOnThePublishingThread() {
    IllegalStateException broken = new IllegalStateException("cannot record heartbeats");
    try (PublishHeartbeat beat =
        new PublishHeartbeat(
            context(
                () -> {
                  throw broken;
                }),
            PublishProgress.NONE)) {
      beat.tick();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThatThrownBy(beat::stopped).isSameAs(broken));
      assertThatThrownBy(beat::tick).isSameAs(broken);
    }
  }

  @Test
  void ticksInQuickSuccessionMakeOneHeartbeatAQuarterSecond() {
    AtomicInteger sent = new AtomicInteger();
    PublishHeartbeat beat =
        new PublishHeartbeat(
            context(
                () -> {
                  sent.incrementAndGet();
                  return null;
                }),
            PublishProgress.NONE);
    long started = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      beat.tick();
    }
    long quarters = (System.nanoTime() - started) / Duration.ofMillis(250).toNanos();
    beat.close(); // waits for the heartbeats handed over

    assertThat(sent.get()).isBetween(1, 1 + (int) quarters);
    assertThat(beat.stopped()).isFalse();
  }

  /** A context whose {@code heartbeat} runs {@code onHeartbeat}. */
  private static ActivityExecutionContext context(Supplier<Object> onHeartbeat) {
    ActivityInfo info =
        (ActivityInfo)
            Proxy.newProxyInstance(
                ActivityInfo.class.getClassLoader(),
                new Class<?>[] {ActivityInfo.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getActivityId" -> "activity-1";
                      case "getWorkflowId" -> "outbox-publisher-0";
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (ActivityExecutionContext)
        Proxy.newProxyInstance(
            ActivityExecutionContext.class.getClassLoader(),
            new Class<?>[] {ActivityExecutionContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getInfo" -> info;
                  case "heartbeat" -> onHeartbeat.get();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
