package io.catalog.workers.outbox;

import io.catalog.domain.outbox.ClaimWindow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Where each claim of one publish loop starts its walk of the pending index ({@code claim.sql},
 * {@code :minId}).
 *
 * <p>A walk from id 0 steps over the index entries of every row published since the last vacuum
 * (the pending index is partial, and a published row's entry stays until vacuum removes it). In a
 * steady stream at moderate rates every claim comes back short, and a walk from 0 after each of
 * them read 200–800 index and heap pages per claim, a hundred and more claims a second: most of the
 * relay's share of the database (docs/benchmarks.md, "The claim that walked from 0").
 *
 * <p>So a short claim's successor walks from a <em>floor</em>: one past the highest id that a claim
 * begun at least {@link #LAG} ago took. What a walk from the floor cannot see, and what finds it:
 *
 * <ul>
 *   <li>a row committed late with a lower id (ids are drawn at insert, commits land in any order):
 *       any claim begun while its transaction was open walks from below it for another {@link
 *       #LAG}; a transaction open longer than that waits for the next walk from 0;
 *   <li>a later version held back behind a batch that was in flight: that batch's mark reports it
 *       ({@link OutboxPublisher.BatchResult#successorsWaiting}), and the next claim walks from 0;
 *   <li>a row whose retry backoff ran out, and anything else below the floor: a claim walks from 0
 *       at least every {@link #FULL_WALK_EVERY} while the loop runs, and after every idle wait.
 * </ul>
 *
 * None of this touches the outbox's guarantees: order per product is the claim's {@code NOT
 * EXISTS}, no double publish its row locks. Where a walk starts decides only how soon a row is
 * found. After a full batch the next claim walks past it, as a drain always has.
 *
 * <p>It also says when the next claim may start ({@link #lingerLeft}): after a short batch, not
 * before the relay's linger has passed since the short batch's claim began, the way a Kafka
 * producer's {@code linger.ms} lets records gather. In a steady stream the loop otherwise goes
 * round as fast as its acks come back, a claim, a send and a durable mark for every two or three
 * rows.
 */
final class ClaimWalk {
  /** A claim's ids become the floor this long after the claim began. */
  static final Duration LAG = Duration.ofMillis(250);

  /** While claims follow one another, one of them walks from 0 at least this often. */
  static final Duration FULL_WALK_EVERY = Duration.ofMillis(500);

  private record Taken(long startedNanos, long highestId) {}

  private final LongSupplier nanoClock;
  private final ArrayDeque<Taken> recent = new ArrayDeque<>();
  private long floor;
  private long pastFullBatch;
  private long lastFullWalkNanos;
  private long handedOutNanos;
  private boolean fullWalkDue = true;
  private boolean lastShort;

  ClaimWalk(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.lastFullWalkNanos = nanoClock.getAsLong();
  }

  /**
   * The window of the next claim: {@code shard}'s window, its walk starting where it should. The
   * claim counts as begun now.
   */
  ClaimWindow next(ClaimWindow shard) {
    long now = nanoClock.getAsLong();
    handedOutNanos = now;
    while (!recent.isEmpty() && now - recent.peekFirst().startedNanos() >= LAG.toNanos()) {
      floor = Math.max(floor, recent.pollFirst().highestId() + 1);
    }
    if (pastFullBatch > 0) {
      return shard.from(pastFullBatch);
    }
    if (fullWalkDue || now - lastFullWalkNanos >= FULL_WALK_EVERY.toNanos()) {
      return shard.from(0);
    }
    return shard.from(floor);
  }

  /**
   * The claim from {@code window}, the last one {@link #next} handed out, took {@code batch} (null
   * when it found nothing).
   */
  void claimed(ClaimWindow window, BatchInFlight batch) {
    if (window.minId() == 0) {
      lastFullWalkNanos = handedOutNanos;
      fullWalkDue = false;
    }
    pastFullBatch = 0;
    if (batch != null) {
      recent.addLast(new Taken(handedOutNanos, batch.lastId()));
      // Past a full batch, as a drain walks; 0 (no drain) after a short one.
      pastFullBatch = batch.next(window).minId();
    }
    lastShort = batch != null && pastFullBatch == 0;
  }

  /**
   * How long the loop waits before its next claim so that, after a short batch, claims begin at
   * least {@code linger} apart. Zero after a full batch (a drain goes on at once), after a claim
   * that found nothing (the loop waits for a notification instead, and the first write after a
   * quiet spell is claimed as soon as it is announced) and after a {@link #restart()}.
   */
  Duration lingerLeft(Duration linger) {
    if (!lastShort) {
      return Duration.ZERO;
    }
    long left = linger.toNanos() - (nanoClock.getAsLong() - handedOutNanos);
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /**
   * A batch just published held later versions of its products back: the next claim that is not
   * part of a drain walks from 0, since they may lie below the floor.
   */
  void heldBack() {
    fullWalkDue = true;
  }

  /** The next claim walks from 0, drain or not: a batch the broker refused left its rows below. */
  void restart() {
    fullWalkDue = true;
    pastFullBatch = 0;
    lastShort = false;
  }

  /**
   * How long the loop may wait for a notification after a claim from {@code window} found nothing:
   * the idle poll after a walk from 0, else until the next walk from 0 is due (zero when it is).
   */
  Duration idleWait(ClaimWindow window, Duration idlePoll) {
    if (window.minId() == 0) {
      return idlePoll;
    }
    if (fullWalkDue) {
      return Duration.ZERO;
    }
    long left = FULL_WALK_EVERY.toNanos() - (nanoClock.getAsLong() - lastFullWalkNanos);
    return Duration.ofNanos(Math.max(0, Math.min(left, idlePoll.toNanos())));
  }
}
