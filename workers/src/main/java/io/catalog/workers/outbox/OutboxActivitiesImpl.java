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
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The publish loop of one shard for a bounded time: claim-send-mark batches back to back while
 * there is a backlog, in a steady stream one claim per linger at most, {@code LISTEN} when there is
 * nothing, back off while the broker is unavailable. Two connections per activity run: the batches
 * go out on two lanes ({@link PublishLanes}), and the first connection also holds the LISTEN.
 * {@link ClaimWalk} says where each claim's walk of the pending index starts.
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
  private final Duration linger;

  /**
   * @param linger after a short batch, the next claim begins at least this long after that batch's
   *     claim began ({@code OUTBOX_LINGER_MS}; {@link ClaimWalk#lingerLeft})
   */
  public OutboxActivitiesImpl(Jdbi jdbi, OutboxPublisher publisher, Duration linger) {
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must not be negative, was " + linger);
    }
    this.jdbi = jdbi;
    this.publisher = publisher;
    this.linger = linger;
  }

  @Override
  public PublishSummary publish(PublishRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("workflow_id", ctx.getInfo().getWorkflowId());
        PublishHeartbeat beat =
            new PublishHeartbeat(
                ctx, ctx.getHeartbeatDetails(PublishProgress.class).orElse(PublishProgress.NONE));
        Handle handle = jdbi.open();
        Handle second = jdbi.open();
        OutboxNotifications notifications = OutboxNotifications.listen(handle)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(request.maxSeconds()).toNanos();
      Duration brokerBackoff = BROKER_BACKOFF_MIN;
      PublishLanes lanes = new PublishLanes(publisher, handle, second);
      ClaimWindow shard =
          new ClaimWindow(
              request.shard(), request.shards(), request.batchSize(), 0, Long.MAX_VALUE);
      ClaimWalk walk = new ClaimWalk(System::nanoTime);
      boolean successorsLeft = false;
      while (!beat.stopped() && System.nanoTime() < deadline) {
        Duration lingerLeft = walk.lingerLeft(linger);
        if (!lingerLeft.isZero()) {
          LockSupport.parkNanos(lingerLeft.toNanos());
        }
        ClaimWindow window = walk.next(shard);
        PublishLanes.Step step = lanes.advance(window, beat::tick);
        walk.claimed(window, step.claimed());
        beat.account(step.finished());
        successorsLeft = step.finished().successorsWaiting();
        if (successorsLeft) {
          walk.heldBack(); // nothing else would wake us for them, and they may lie below the floor
        }
        if (step.finished().retriableFailures() > 0) {
          // The broker is down or struggling: the rows stay PENDING, and the batch sent meanwhile
          // meets the same broker. Try again a little later, from the start of the shard.
          beat.account(lanes.finishAll(beat::tick));
          walk.restart();
          notifications.await(remaining(deadline, brokerBackoff), k -> false, TICK, beat::tick);
          brokerBackoff = min(brokerBackoff.multipliedBy(2), BROKER_BACKOFF_MAX);
          continue;
        }
        brokerBackoff = BROKER_BACKOFF_MIN;
        Duration idle = walk.idleWait(window, IDLE_POLL);
        if (step.claimed() != null || successorsLeft || idle.isZero()) {
          continue;
        }
        notifications.await(
            remaining(deadline, idle),
            shardKey -> shardKey % request.shards() == request.shard(),
            TICK,
            beat::tick);
      }
      OutboxPublisher.BatchResult last = lanes.finishAll(beat::tick);
      beat.account(last);
      if (successorsLeft || last.successorsWaiting()) {
        // Held-back versions that this run will not claim: the publish activity started before
        // this one ended is waiting for a notification, and no writer will send one for them.
        notifications.wake(request.shard());
      }
      return summary(beat.progress(), handle, request);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "waiting for outbox notifications failed: " + e.getMessage(), e);
    }
  }

  private static PublishSummary summary(PublishProgress p, Handle handle, PublishRequest request) {
    OutboxStats stats = OutboxPublishDao.on(handle).stats(request.shard(), request.shards());
    return new PublishSummary(
        p.published(),
        p.sendFailures(),
        p.newlyFailed(),
        p.batches(),
        p.lastError(),
        stats.pending(),
        stats.oldestPendingAgeSeconds(),
        stats.failed());
  }

  @Override
  public ShardBacklog backlog(int shard, int shards) {
    OutboxStats stats = jdbi.withHandle(h -> OutboxPublishDao.on(h).stats(shard, shards));
    return new ShardBacklog(stats.pending(), stats.oldestPendingAgeSeconds(), stats.failed());
  }

  private static Duration remaining(long deadlineNanos, Duration cap) {
    return min(cap, Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
