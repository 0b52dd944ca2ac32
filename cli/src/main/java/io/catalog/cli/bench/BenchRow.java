package io.catalog.cli.bench;

import java.util.Locale;

/**
 * One line of the bench table: a platform figure beside its raw baseline from the same run, and the
 * load average when it was taken. Absent values are NaN.
 *
 * @param measure what was measured, with its unit
 * @param platform the platform's figure
 * @param baseline the raw baseline's figure (same unit)
 * @param p50Ms median latency of the platform path, ms
 * @param p99Ms 99th percentile latency of the platform path, ms
 * @param loadAverage 1-minute load average right after the measurement
 */
public record BenchRow(
    String workload,
    String measure,
    double platform,
    double baseline,
    double p50Ms,
    double p99Ms,
    double loadAverage) {

  public static BenchRow throughput(
      String workload, String measure, double platform, double baseline) {
    return new BenchRow(
        workload, measure, platform, baseline, Double.NaN, Double.NaN, Machine.loadAverage());
  }

  /**
   * What was achieved at a point's offered rate, with its latency percentiles and load, measured as
   * "{@code what} at N/s offered: achieved/s".
   */
  public static BenchRow latency(CurvePoint point, String what) {
    return new BenchRow(
        point.workload(),
        String.format(
            Locale.ROOT, "%s at %.0f/s offered: achieved/s", what, point.offeredPerSecond()),
        point.achievedPerSecond(),
        Double.NaN,
        point.p50Ms(),
        point.p99Ms(),
        point.loadAverage());
  }

  public BenchRow withLatency(Latencies latencies) {
    return new BenchRow(
        workload, measure, platform, baseline, latencies.p50(), latencies.p99(), loadAverage);
  }

  /** platform / baseline; NaN when either is missing. */
  public double ratio() {
    if (Double.isNaN(platform) || Double.isNaN(baseline) || baseline == 0) {
      return Double.NaN;
    }
    return platform / baseline;
  }
}
