package io.catalog.workers.outbox;

import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.OutboxPublishDao;
import io.catalog.domain.outbox.OutboxStats;
import io.catalog.workflows.outbox.OutboxActivities;
import io.catalog.workflows.outbox.PublishRequest;
import io.catalog.workflows.outbox.PublishSummary;
import io.catalog.workflows.outbox.ShardBacklog;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The publish loop of one shard for a bounded time: claim-send-mark batches back to back while
 * there is work, {@code LISTEN} when there is none, back off while the broker is unavailable. One
 * connection per activity run serves both the claims and the LISTEN.
 */
public final class OutboxActivitiesImpl implements OutboxActivities {
  private static final Logger log = LoggerFactory.getLogger(OutboxActivitiesImpl.class);

  /** Heartbeats (and so pause/cancel checks) at least this often. */
  static final Duration TICK = Duration.ofSeconds(1);

  /** Longest idle wait without a notification: picks up rows whose retry backoff has expired. */
  static final Duration IDLE_POLL = Duration.ofSeconds(5);

  static final Duration BROKER_BACKOFF_MIN = Duration.ofMillis(500);
  static final Duration BROKER_BACKOFF_MAX = Duration.ofSeconds(8);

  private final Jdbi jdbi;
  private final OutboxPublisher publisher;

  public OutboxActivitiesImpl(Jdbi jdbi, OutboxPublisher publisher) {
    this.jdbi = jdbi;
    this.publisher = publisher;
  }

  @Override
  public PublishSummary publish(PublishRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    Heartbeat beat =
        new Heartbeat(
            ctx, ctx.getHeartbeatDetails(PublishProgress.class).orElse(PublishProgress.NONE));
    try (MDC.MDCCloseable ignored = MDC.putCloseable("workflow_id", ctx.getInfo().getWorkflowId());
        Handle handle = jdbi.open();
        OutboxNotifications notifications = OutboxNotifications.listen(handle)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(request.maxSeconds()).toNanos();
      Duration brokerBackoff = BROKER_BACKOFF_MIN;
      ClaimWindow next =
          new ClaimWindow(
              request.shard(), request.shards(), request.batchSize(), 0, Long.MAX_VALUE);
      while (!beat.stopped() && System.nanoTime() < deadline) {
        ClaimWindow window = next;
        OutboxPublisher.BatchResult result = publisher.publishBatch(handle, window, beat::tick);
        next = result.next(window);
        if (result.claimed() > 0) {
          beat.progress(beat.progress().add(result));
        }
        beat.tick();
        if (result.retriableFailures() > 0) {
          // The broker is down or struggling: the rows stay PENDING; try again a little later.
          notifications.await(remaining(deadline, brokerBackoff), k -> false, TICK, beat::tick);
          brokerBackoff = min(brokerBackoff.multipliedBy(2), BROKER_BACKOFF_MAX);
          continue;
        }
        brokerBackoff = BROKER_BACKOFF_MIN;
        if (result.claimed() > 0 || window.minId() > 0) {
          continue; // there may be more right away, or below where this walk started
        }
        notifications.await(
            remaining(deadline, IDLE_POLL),
            shardKey -> shardKey % request.shards() == request.shard(),
            TICK,
            beat::tick);
      }
      OutboxStats stats =
          handle.attach(OutboxPublishDao.class).stats(request.shard(), request.shards());
      PublishProgress p = beat.progress();
      return new PublishSummary(
          p.published(),
          p.sendFailures(),
          p.newlyFailed(),
          p.batches(),
          p.lastError(),
          stats.pending(),
          stats.oldestPendingAgeSeconds(),
          stats.failed());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "waiting for outbox notifications failed: " + e.getMessage(), e);
    }
  }

  @Override
  public ShardBacklog backlog(int shard, int shards) {
    OutboxStats stats = jdbi.withExtension(OutboxPublishDao.class, dao -> dao.stats(shard, shards));
    return new ShardBacklog(stats.pending(), stats.oldestPendingAgeSeconds(), stats.failed());
  }

  private static Duration remaining(long deadlineNanos, Duration cap) {
    return min(cap, Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Heartbeats with the progress so far. Once the server says the activity is cancelled (a pause),
   * timed out or the worker shuts down, it stops heartbeating and {@link #stopped()} turns true:
   * the loop finishes the batch in hand and returns.
   */
  private static final class Heartbeat {
    private final ActivityExecutionContext ctx;
    private PublishProgress progress;
    private boolean stopped;

    Heartbeat(ActivityExecutionContext ctx, PublishProgress start) {
      this.ctx = ctx;
      this.progress = start;
    }

    void tick() {
      if (stopped) {
        return;
      }
      try {
        ctx.heartbeat(progress);
      } catch (ActivityCompletionException e) {
        log.info("publish activity stops early: {}", e.getClass().getSimpleName());
        stopped = true;
      }
    }

    boolean stopped() {
      return stopped;
    }

    PublishProgress progress() {
      return progress;
    }

    void progress(PublishProgress p) {
      progress = p;
    }
  }
}
