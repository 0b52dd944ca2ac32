package io.catalog.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class PaceTest {

  /** What the create group commit leaves behind: an unpark that came after the create was done. */
  @Test
  void aPermitLeftOnTheThreadDoesNotCutTheWaitShort() {
    LockSupport.unpark(Thread.currentThread());
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);

    Pace.awaitNanoTime(due);

    assertThat(System.nanoTime()).isGreaterThanOrEqualTo(due);
  }

  @Test
  void aMomentAlreadyPastReturnsAtOnce() {
    long before = System.nanoTime();

    Pace.awaitNanoTime(before - TimeUnit.SECONDS.toNanos(1));

    assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }
}
