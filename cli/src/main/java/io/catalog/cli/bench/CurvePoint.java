package io.catalog.cli.bench;

import java.util.Locale;

/**
 * One point of a latency-versus-offered-load curve (W1 and W5): the CSV that {@code
 * scripts/plot-bench.py} draws.
 */
public record CurvePoint(
    String workload,
    double offeredPerSecond,
    double achievedPerSecond,
    double p50Ms,
    double p99Ms,
    long samples,
    double loadAverage) {

  public static final String CSV_HEADER =
      "workload,offered_per_s,achieved_per_s,p50_ms,p99_ms,samples,load_avg";

  public static CurvePoint of(
      String workload, double offered, double achieved, Latencies latencies) {
    return new CurvePoint(
        workload,
        offered,
        achieved,
        latencies.p50(),
        latencies.p99(),
        latencies.count(),
        Machine.loadAverage());
  }

  /** "W1 at 25/s offered: achieved 24/s": how a workload's progress line starts for the point. */
  public String offeredAndAchieved() {
    return String.format(
        Locale.ROOT,
        "%s at %.0f/s offered: achieved %.0f/s",
        workload,
        offeredPerSecond,
        achievedPerSecond);
  }

  public String csvLine() {
    return String.join(
        ",",
        workload,
        Formats.plain(offeredPerSecond),
        Formats.plain(achievedPerSecond),
        Formats.plain(p50Ms),
        Formats.plain(p99Ms),
        Long.toString(samples),
        Formats.plain(loadAverage));
  }
}
