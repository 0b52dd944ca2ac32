package io.catalog.workers.outbox;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The publish activity's heartbeat with its progress so far, sent from a thread of its own. Once
 * the server says the activity is cancelled (a pause), timed out or the worker shuts down, {@link
 * #stopped()} turns true: the loop finishes the batch in hand and returns.
 *
 * <p>Why a thread of its own: the SDK sends a heartbeat as a blocking call to the Temporal server
 * while it holds the activity's heartbeat lock, at least once per throttle interval (8 s at the
 * publisher's 10 s heartbeat timeout), and a {@code heartbeat()} called meanwhile waits for that
 * call. On the publishing thread that held the relay for one server round trip every interval
 * (docs/benchmarks.md, "The heartbeat that held the relay"). Now {@link #tick()} only hands the
 * progress over and returns at once.
 */
final class PublishHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PublishHeartbeat.class);

  /**
   * The progress is handed over at most this often: each hand-over wakes the heartbeat thread, and
   * the SDK sends to the server only once per throttle interval anyway.
   */
  private static final long HAND_OVER_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** How long {@link #close} waits for a heartbeat on its way to the server. */
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final ActivityExecutionContext ctx;
  private final ExecutorService sender;
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile PublishProgress progress;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  /** When the next hand-over is due; read and written by the publishing thread only. */
  private long nextHandOver = System.nanoTime();

  PublishHeartbeat(ActivityExecutionContext ctx, PublishProgress start) {
    this.ctx = ctx;
    this.progress = start;
    this.sender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "outbox-heartbeat-" + ctx.getInfo().getActivityId());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Asks for a heartbeat with the progress so far; returns at once. Rethrows, on the publishing
   * thread, what a heartbeat failed with other than the activity's end.
   */
  void tick() {
    rethrowFailure();
    long now = System.nanoTime();
    if (now - nextHandOver < 0 || stopped) {
      return;
    }
    nextHandOver = now + HAND_OVER_EVERY_NANOS;
    if (queued.compareAndSet(false, true)) {
      try {
        sender.execute(this::send);
      } catch (RejectedExecutionException closed) {
        queued.set(false);
      }
    }
  }

  /** Adds a finished batch to the progress, then heartbeats. */
  void account(OutboxPublisher.BatchResult result) {
    if (result.claimed() > 0) {
      progress = progress.add(result);
    }
    tick();
  }

  /**
   * Whether the activity has ended (cancelled, timed out, its worker shutting down). Rethrows what
   * a heartbeat failed with otherwise, so the activity fails with it instead of returning.
   */
  boolean stopped() {
    rethrowFailure();
    return stopped;
  }

  private void rethrowFailure() {
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
  }

  PublishProgress progress() {
    return progress;
  }

  /**
   * Sends no more heartbeats, and waits for one on its way: none reaches the server after the
   * activity has returned.
   */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("a heartbeat of the publish activity took over {} s", CLOSE_WAIT_SECONDS);
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send() {
    queued.set(false);
    if (stopped) {
      return;
    }
    try (MDC.MDCCloseable ignored =
        MDC.putCloseable("workflow_id", ctx.getInfo().getWorkflowId())) {
      ctx.heartbeat(progress);
    } catch (ActivityCompletionException e) {
      log.info("publish activity stops early: {}", e.getClass().getSimpleName());
      stopped = true;
    } catch (RuntimeException e) {
      failure = e;
      stopped = true;
    }
  }
}
