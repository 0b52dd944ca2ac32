package io.catalog.cli.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency samples of one measurement, kept in an HdrHistogram (microsecond resolution, three
 * significant digits: p99 is exact to 0.1 %). Thread-safe: load threads record concurrently.
 */
public final class Latencies {
  /** Anything slower is recorded as this: a bench loop never waits longer for one operation. */
  static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Histogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

  public void recordNanos(long nanos) {
    long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    histogram.recordValue(Math.min(micros, MAX_MICROS));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at {@code percentile} (0..100) in milliseconds; NaN when nothing was recorded. */
  public double percentileMillis(double percentile) {
    if (count() == 0) {
      return Double.NaN;
    }
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  public double p50() {
    return percentileMillis(50);
  }

  public double p99() {
    return percentileMillis(99);
  }

  public double maxMillis() {
    return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
  }
}
