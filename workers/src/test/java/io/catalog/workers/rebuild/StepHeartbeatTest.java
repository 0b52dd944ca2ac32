package io.catalog.workers.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StepHeartbeatTest {
  private final StepHeartbeat heartbeat = new StepHeartbeat(Duration.ofMillis(20));
  private final ActivityExecutionContext ctx = mock(ActivityExecutionContext.class);
  private final AtomicInteger beats = new AtomicInteger();
  private final CountDownLatch threeBeats = new CountDownLatch(3);

  @AfterEach
  void close() {
    heartbeat.close();
  }

  private void countBeats(RuntimeException... firstThrow) {
    when(ctx.getInfo()).thenReturn(mock(ActivityInfo.class));
    doAnswer(
            inv -> {
              int n = beats.incrementAndGet();
              threeBeats.countDown();
              if (n <= firstThrow.length) {
                throw firstThrow[n - 1];
              }
              return null;
            })
        .when(ctx)
        .heartbeat(any());
  }

  @Test
  void aStepThatWaitsOnItsRequestsHeartbeatsMeanwhileAndNotAfter() {
    countBeats();

    String answer = stepBlockedUntilThreeBeats("created");

    assertThat(answer).isEqualTo("created");
    int afterTheStep = beats.get();
    await("no heartbeat once the step returned")
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> beats.get() == afterTheStep);
  }

  @Test
  void aCancellationOrAFailedHeartbeatNeitherStopsTheStepNorTheHeartbeats() {
    // A cancelled step runs to its end (its stub waits for it); a heartbeat that failed on its way
    // to the server is followed by the next one.
    countBeats(new IllegalStateException("server unavailable"), new ActivityCanceledException());

    String answer = stepBlockedUntilThreeBeats("switched");

    assertThat(answer).isEqualTo("switched");
    assertThat(beats.get()).isGreaterThanOrEqualTo(3);
  }

  /**
   * A step that blocks, as on a request to a slow server, until three heartbeats went out without
   * it (at most 10 s), then answers {@code answer}.
   */
  private String stepBlockedUntilThreeBeats(String answer) {
    return heartbeat.during(
        ctx,
        () -> {
          try {
            assertThat(threeBeats.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for heartbeats", e);
          }
          return answer;
        });
  }
}
