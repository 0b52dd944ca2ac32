package io.catalog.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Passes of a workload that runs in the bench JVM, until that JVM is about as warm as a workers
 * process that has run the same code for days: at least {@link #MIN_PASSES}, and the last two rates
 * agree within {@link #RATE_TOLERANCE}. Two passes were too few: in the second of two that agreed
 * within 10 %, C2 was still a fifth of the bench's samples, on the two cores the servers under test
 * share; and in twelve passes of W3 its rate still rose through the fourth or fifth, then moved
 * within about 10 % of a level (docs/benchmarks.md, "Eight batches in hand"). Each pass also
 * reports the compiler's time during it, as a share of the pass: it is not a criterion, because the
 * bench's own work between passes (sending the next pass's events) leaves compilations that run
 * into the pass (docs/benchmarks.md, "Humongous bodies").
 */
final class WarmPasses {
  static final double RATE_TOLERANCE = 0.10;

  static final int MIN_PASSES = 5;

  static final int MAX_PASSES = 8;

  private WarmPasses() {}

  /** One pass: its rate, its wall seconds and the compiler's milliseconds meanwhile. */
  record Pass(double rate, double seconds, long jitMillis) {
    /** The compiler threads' time during the pass, as a share of its wall time. */
    double jitShare() {
      return seconds > 0 ? jitMillis / (seconds * 1000) : 0;
    }
  }

  /** Runs pass {@code n}, counted from 1. */
  @FunctionalInterface
  interface Runner {
    Pass run(int n) throws Exception;
  }

  /** The passes run, the last being the measure. */
  record Outcome(List<Pass> passes) {
    Pass last() {
      return passes.get(passes.size() - 1);
    }

    /** Whether the JVM was warm by the last pass. */
    boolean warm() {
      return WarmPasses.warm(passes);
    }

    /** E.g. {@code [31,456 (JIT 21 %), 37,401 (JIT 3 %)] docs/s}. */
    String describe(String unit) {
      return passes.stream()
              .map(
                  p ->
                      String.format(
                          Locale.ROOT, "%,.0f (JIT %.0f %%)", p.rate(), p.jitShare() * 100))
              .toList()
          + " "
          + unit
          + (warm() ? "" : " (not warm within " + MAX_PASSES + " passes: the last is reported)");
    }
  }

  static Outcome run(Runner runner) throws Exception {
    List<Pass> passes = new ArrayList<>();
    do {
      passes.add(runner.run(passes.size() + 1));
    } while (!warm(passes) && passes.size() < MAX_PASSES);
    return new Outcome(List.copyOf(passes));
  }

  static boolean warm(List<Pass> passes) {
    int n = passes.size();
    return n >= MIN_PASSES
        && Math.abs(passes.get(n - 1).rate() / passes.get(n - 2).rate() - 1) <= RATE_TOLERANCE;
  }

  /** The compiler's total milliseconds in this JVM so far; 0 where the JVM does not count them. */
  static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }
}
