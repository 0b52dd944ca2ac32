package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.ClaimedEvent;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Where a publish loop's claims start their walk, on a clock the test moves. */
class ClaimWalkTest {
  private static final int LIMIT = 500;
  private static final ClaimWindow SHARD = new ClaimWindow(0, 1, LIMIT, 0, Long.MAX_VALUE);
  private static final Duration IDLE_POLL = Duration.ofSeconds(5);

  private long now = 1_000_000_000L;
  private final ClaimWalk walk = new ClaimWalk(() -> now);

  private static BatchInFlight batch(long first, long last) {
    List<ClaimedEvent> rows =
        LongStream.rangeClosed(first, last)
            .mapToObj(
                id ->
                    new ClaimedEvent(
                        id, UUID.randomUUID(), UUID.randomUUID(), 1, "t", "x", "{}", "{}", 0))
            .toList();
    return new BatchInFlight(null, null, rows);
  }

  /** Claims from wherever the walk says, each taking {@code batch}, {@code gap} apart. */
  private ClaimWindow claim(BatchInFlight batch, Duration gap) {
    ClaimWindow window = walk.next(SHARD);
    walk.claimed(window, batch);
    now += gap.toNanos();
    return window;
  }

  private void advance(Duration d) {
    now += d.toNanos();
  }

  @Test
  void aSteadyStreamWalksFromTheFloorAndFromZeroOnlyEveryFullWalkInterval() {
    Duration gap = Duration.ofMillis(5);
    long perLag = ClaimWalk.LAG.toMillis() / gap.toMillis();
    int fromStart = 0;
    long id = 1;
    // Three seconds of short claims, 10 rows each, 5 ms apart.
    for (int claims = 0; claims < 600; claims++) {
      ClaimWindow window = claim(batch(id, id + 9), gap);
      if (claims < perLag) {
        assertThat(window.minId()).as("no claim is a lag old yet").isZero();
      } else if (window.minId() == 0) {
        fromStart++;
      } else {
        // One past the last row of the claim begun a lag ago: rows drawn since are walked over.
        assertThat(window.minId()).isEqualTo(id - (perLag - 1) * 10);
      }
      id += 10;
    }
    // The rest of the three seconds at one walk from 0 per 500 ms.
    assertThat(fromStart).isBetween(5, 6);
  }

  @Test
  void aRowCommittedLateBelowTheLastClaimIsWalkedOverForTheLag() {
    claim(batch(1, 10), Duration.ofMillis(100));
    claim(batch(11, 20), Duration.ofMillis(200));
    // Row 15 was drawn before 20 and commits now: a claim within the lag of the one that took
    // 20 still walks from below it.
    assertThat(walk.next(SHARD).minId()).isEqualTo(11);
    advance(Duration.ofMillis(60));
    assertThat(walk.next(SHARD).minId()).isEqualTo(21);
  }

  @Test
  void afterAFullBatchTheNextClaimWalksPastIt() {
    claim(batch(1, LIMIT), Duration.ofMillis(1));
    assertThat(walk.next(SHARD).minId()).isEqualTo(LIMIT + 1);
    walk.heldBack();
    assertThat(walk.next(SHARD).minId())
        .as("a drain goes on past a held-back version")
        .isEqualTo(LIMIT + 1);
    walk.restart();
    assertThat(walk.next(SHARD).minId()).as("a refused batch left rows below").isZero();
  }

  @Test
  void heldBackVersionsSendTheNextShortClaimToZero() {
    claim(batch(1, 10), Duration.ofMillis(100));
    claim(batch(11, 20), Duration.ofMillis(200));
    assertThat(walk.next(SHARD).minId()).isEqualTo(11);
    walk.heldBack();
    ClaimWindow window = walk.next(SHARD);
    assertThat(window.minId()).isZero();
    walk.claimed(window, null);
    assertThat(walk.next(SHARD).minId()).isEqualTo(11);
  }

  @Test
  void anEmptyClaimFromTheFloorWaitsOnlyUntilTheNextWalkFromZero() {
    ClaimWindow first = claim(batch(1, 10), Duration.ofMillis(1));
    assertThat(first.minId()).isZero();
    advance(ClaimWalk.LAG);
    ClaimWindow fromFloor = claim(null, Duration.ofMillis(1));
    assertThat(fromFloor.minId()).isEqualTo(11);
    Duration wait = walk.idleWait(fromFloor, IDLE_POLL);
    assertThat(wait)
        .isPositive()
        .isLessThanOrEqualTo(ClaimWalk.FULL_WALK_EVERY.minus(ClaimWalk.LAG));
    advance(wait);
    ClaimWindow fromStart = claim(null, Duration.ofMillis(1));
    assertThat(fromStart.minId()).isZero();
    assertThat(walk.idleWait(fromStart, IDLE_POLL)).isEqualTo(IDLE_POLL);
  }

  @Test
  void afterAShortBatchTheNextClaimWaitsOutTheLingerFromThatClaimsStart() {
    Duration linger = Duration.ofMillis(5);
    assertThat(walk.lingerLeft(linger)).as("nothing claimed yet").isZero();
    claim(batch(1, 3), Duration.ofMillis(2));
    assertThat(walk.lingerLeft(linger)).isEqualTo(Duration.ofMillis(3));
    advance(Duration.ofMillis(3));
    assertThat(walk.lingerLeft(linger)).isZero();
    claim(batch(4, 6), Duration.ofMillis(7));
    assertThat(walk.lingerLeft(linger)).as("a batch that took longer than the linger").isZero();
    assertThat(walk.lingerLeft(Duration.ZERO)).isZero();
  }

  @Test
  void aDrainAnEmptyClaimAndARestartDoNotLinger() {
    Duration linger = Duration.ofMillis(5);
    claim(batch(1, LIMIT), Duration.ofMillis(1));
    assertThat(walk.lingerLeft(linger)).as("past a full batch a drain goes on").isZero();
    claim(batch(LIMIT + 1, LIMIT + 2), Duration.ofMillis(1));
    assertThat(walk.lingerLeft(linger)).isEqualTo(Duration.ofMillis(4));
    claim(null, Duration.ofMillis(1));
    assertThat(walk.lingerLeft(linger))
        .as("after an empty claim the loop waits for a notification, then claims at once")
        .isZero();
    claim(batch(LIMIT + 3, LIMIT + 4), Duration.ofMillis(1));
    walk.restart();
    assertThat(walk.lingerLeft(linger)).isZero();
  }
}
