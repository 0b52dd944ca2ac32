package io.catalog.workers.rebuild;

import java.time.Duration;

/** Keeps a load at or under {@code perSecond} documents per second (0 = no limit). */
final class Throttle {
  private final int perSecond;
  private final long startNanos = System.nanoTime();
  private long permits;

  Throttle(int perSecond) {
    this.perSecond = perSecond;
  }

  /** How long to wait after {@code n} more documents so the average stays under the limit. */
  Duration after(int n) {
    permits += n;
    if (perSecond <= 0) {
      return Duration.ZERO;
    }
    long dueNanos = permits * 1_000_000_000L / perSecond;
    long elapsed = System.nanoTime() - startNanos;
    return dueNanos > elapsed ? Duration.ofNanos(dueNanos - elapsed) : Duration.ZERO;
  }
}
