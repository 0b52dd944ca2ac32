package io.catalog.cli.bench;

/**
 * When the i-th operation of an open-loop load is due: operations are offered at a fixed rate
 * whatever the system does, and latency is measured from the due time, not from when a free thread
 * got round to it, so a stall shows in the percentiles instead of silently lowering the load (no
 * coordinated omission).
 */
public record OpenLoopSchedule(double perSecond, int count) {
  public OpenLoopSchedule {
    if (!(perSecond > 0) || count < 0) {
      throw new IllegalArgumentException("rate must be > 0 and count >= 0");
    }
  }

  /** Offers {@code perSecond} for {@code seconds}. */
  public static OpenLoopSchedule of(double perSecond, double seconds) {
    return new OpenLoopSchedule(perSecond, (int) Math.round(perSecond * seconds));
  }

  /** Nanoseconds after the start at which operation {@code i} is due. */
  public long dueOffsetNanos(int i) {
    return Math.round(i * 1e9 / perSecond);
  }

  public double seconds() {
    return count / perSecond;
  }
}
