package io.catalog.workers.rebuild;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats a rebuild step (create the index, record the offsets, switch the alias, ...) from a
 * thread of its own while the step waits on its requests. A step is one or a few requests and says
 * nothing while they run; without a heartbeat the server learns that the worker running it was
 * killed only when the attempt's start-to-close runs out, and the rebuild stands still until then
 * (docs/architecture.md, "Retries are bounded by time"). With one, it learns within the step's
 * heartbeat timeout, while a step that is merely slow keeps its whole start-to-close.
 *
 * <p>A cancellation that a heartbeat brings back does not stop the step: the step runs to its end,
 * as its {@code WAIT_CANCELLATION_COMPLETED} stub expects (a compensation must not delete an index
 * a create is still making).
 */
final class StepHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StepHeartbeat.class);

  /** Every this often while a step runs: well inside the steps' heartbeat timeout. */
  static final Duration EVERY = Duration.ofSeconds(2);

  private final long everyMillis;
  private final ScheduledExecutorService beats =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rebuild-step-heartbeat");
            t.setDaemon(true);
            return t;
          });

  StepHeartbeat() {
    this(EVERY);
  }

  StepHeartbeat(Duration every) {
    this.everyMillis = every.toMillis();
  }

  /** Runs {@code step} on the calling thread, heartbeating {@code ctx} until it returns. */
  <T> T during(ActivityExecutionContext ctx, Supplier<T> step) {
    ScheduledFuture<?> beat =
        beats.scheduleWithFixedDelay(() -> beat(ctx), 0, everyMillis, TimeUnit.MILLISECONDS);
    try {
      return step.get();
    } finally {
      beat.cancel(false);
    }
  }

  private static void beat(ActivityExecutionContext ctx) {
    try {
      ctx.heartbeat(null);
    } catch (ActivityCompletionException ended) {
      // Cancelled or timed out: the step's own answer decides; see the class comment.
    } catch (RuntimeException e) {
      // A later beat may get through; one that throws must not end the schedule.
      log.warn(
          "heartbeat of rebuild step {} of {} failed: {}",
          ctx.getInfo().getActivityType(),
          ctx.getInfo().getWorkflowId(),
          e.toString());
    }
  }

  @Override
  public void close() {
    beats.shutdownNow();
  }
}
