package io.catalog.cli.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and peak RSS of chosen processes over one phase, each on its own: {@link ProcessMeter}
 * sums per role, and W7's bench workers processes share the role "workers" with the platform's own.
 * CPU from {@code /proc/<pid>/stat} at the start and the end, RSS sampled every 250 ms.
 */
final class PidMeter implements AutoCloseable {
  /** One process over the phase. */
  record Use(String name, long pid, double cpuSeconds, long peakRssMib) {}

  /** What the processes used over {@code seconds}. */
  record Result(double seconds, List<Use> processes) {
    double totalCpuSeconds() {
      return processes.stream().mapToDouble(Use::cpuSeconds).sum();
    }

    /** The sum of each process's own peak: an upper bound of their peak together. */
    long peakRssSumMib() {
      return processes.stream().mapToLong(Use::peakRssMib).sum();
    }

    /** "name CPU 80% of one core, peak RSS 310 MiB; …; sum CPU 160%, peak RSS 620 MiB". */
    String describe(String what) {
      StringJoiner each = new StringJoiner("; ");
      for (Use u : processes) {
        each.add(
            String.format(
                Locale.ROOT,
                "%s (pid %d) CPU %.0f%% of one core, peak RSS %d MiB",
                u.name(),
                u.pid(),
                percent(u.cpuSeconds()),
                u.peakRssMib()));
      }
      return String.format(
          Locale.ROOT,
          "%s: %s; sum CPU %.0f%% of one core, peak RSS %d MiB (sum of each process's peak)",
          what,
          each,
          percent(totalCpuSeconds()),
          peakRssSumMib());
    }

    private double percent(double cpuSeconds) {
      return seconds > 0 ? 100 * cpuSeconds / seconds : 0;
    }
  }

  private final Map<String, Long> pids;
  private final Map<String, Long> ticksAtStart = new HashMap<>();
  private final Map<String, Long> peakKib = new HashMap<>();
  private final long started;
  private final ScheduledExecutorService sampler;

  private PidMeter(Map<String, Long> pids) {
    this.pids = new LinkedHashMap<>(pids);
    pids.forEach((name, pid) -> ticksAtStart.put(name, ProcessMeter.cpuTicks(pid.toString())));
    this.started = System.nanoTime();
    this.sampler = Executors.newSingleThreadScheduledExecutor(LoadRunner.daemon("bench-pid-meter"));
    sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
  }

  /**
   * @param pids process name → pid, in the order the result lists them
   */
  static PidMeter start(Map<String, Long> pids) {
    return new PidMeter(pids);
  }

  /** Stops sampling; what each process used since {@link #start}. */
  Result stop() {
    sampler.shutdownNow();
    double seconds = (System.nanoTime() - started) / 1e9;
    List<Use> uses = new ArrayList<>();
    synchronized (peakKib) {
      pids.forEach(
          (name, pid) -> {
            long now = ProcessMeter.cpuTicks(pid.toString());
            long before = ticksAtStart.getOrDefault(name, -1L);
            // A process that ended during the phase has no ticks to read: its CPU is unknown (0).
            double cpu =
                now >= 0 && before >= 0 ? (now - before) / ProcessMeter.TICKS_PER_SECOND : 0;
            uses.add(new Use(name, pid, cpu, peakKib.getOrDefault(name, 0L) / 1024));
          });
    }
    return new Result(seconds, uses);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  private void sample() {
    pids.forEach(
        (name, pid) -> {
          long kib = ProcessMeter.rssKib(pid.toString());
          if (kib > 0) {
            synchronized (peakKib) {
              peakKib.merge(name, kib, Math::max);
            }
          }
        });
  }
}
