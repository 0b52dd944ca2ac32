package io.catalog.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the two cores went during one phase of a workload: CPU time per role (the API, the workers,
 * this bench process, Postgres, Kafka, Elasticsearch, Temporal) read from {@code /proc/<pid>/stat}
 * at the start and the end, and the peak resident set of each role sampled every 250 ms. A
 * throughput ratio means little without it: the bench's own HTTP client runs on the same two cores
 * as the server it measures.
 *
 * <p>Only processes on this machine are seen (the dev stack of {@code ./platform up}); elsewhere,
 * or on a system without {@code /proc}, the meter reports nothing rather than a guess.
 */
final class ProcessMeter implements AutoCloseable {
  /** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture Java runs on. */
  static final double TICKS_PER_SECOND = 100.0;

  enum Role {
    API,
    WORKERS,
    BENCH,
    POSTGRES,
    KAFKA,
    ELASTICSEARCH,
    TEMPORAL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** CPU seconds and peak RSS (MiB) per role over one phase. */
  record Usage(double seconds, Map<Role, Double> cpuSeconds, Map<Role, Long> peakRssMib) {
    /** Percent of one core each role used on average over the phase. */
    double coresPercent(Role role) {
      return seconds > 0 ? 100 * cpuSeconds.getOrDefault(role, 0.0) / seconds : 0;
    }

    double totalCpuSeconds() {
      return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** "api 54 %, bench 38 %, postgres 61 % …; CPU ms per op: api 0.61 …" for a report note. */
    String describe(String what, long operations) {
      StringJoiner shares = new StringJoiner(", ");
      StringJoiner perOp = new StringJoiner(", ");
      for (Role r : Role.values()) {
        double cpu = cpuSeconds.getOrDefault(r, 0.0);
        if (cpu <= 0) {
          continue;
        }
        shares.add(String.format(Locale.ROOT, "%s %.0f%%", r.label(), coresPercent(r)));
        if (operations > 0) {
          perOp.add(String.format(Locale.ROOT, "%s %.3f", r.label(), 1000 * cpu / operations));
        }
      }
      StringJoiner rss = new StringJoiner(", ");
      peakRssMib.forEach((r, mib) -> rss.add(r.label() + " " + mib + " MiB"));
      return String.format(
          Locale.ROOT,
          "%s: CPU of one core %s (total %.0f%% of %d cores)%s; peak RSS %s",
          what,
          shares,
          seconds > 0 ? 100 * totalCpuSeconds() / seconds : 0,
          Machine.cores(),
          operations > 0 ? "; CPU ms per operation " + perOp : "",
          rss);
    }
  }

  private final long started;

  /** CPU ticks per process at the start; a delta is taken per process, never per role sum. */
  private final Map<String, Long> ticksAtStart;

  /**
   * The last CPU ticks the sampler read per process, with its role: a process that ends during the
   * phase (the rebuild's database sessions end with each chunk) still counts up to its last sample.
   */
  private final Map<String, Seen> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();

  private record Seen(Role role, long ticks) {}

  private final Map<Role, Long> peakRss = new EnumMap<>(Role.class);
  private final ScheduledExecutorService sampler;

  private ProcessMeter() {
    this.ticksAtStart = cpuTicks();
    this.started = System.nanoTime();
    this.sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            LoadRunner.daemon("bench-meter"));
    sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
  }

  static ProcessMeter start() {
    return new ProcessMeter();
  }

  /** Stops the meter and returns what each role used since {@link #start()}. */
  Usage stop() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    forEachProcess(this::recordTicks);
    // Per process: one that ended during the phase counts up to its last sample (the ticks after
    // it are lost, which /proc cannot avoid); one that started during the phase counts from zero.
    Map<Role, Double> cpu = new EnumMap<>(Role.class);
    lastSeen.forEach(
        (pid, seen) -> {
          long delta = seen.ticks() - ticksAtStart.getOrDefault(pid, 0L);
          if (delta > 0) {
            cpu.merge(seen.role(), delta / TICKS_PER_SECOND, Double::sum);
          }
        });
    Map<Role, Long> rss;
    synchronized (peakRss) {
      rss = new EnumMap<>(peakRss);
    }
    return new Usage(seconds, cpu, rss);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  /** One walk of /proc: each process's CPU ticks and, for the JVMs of the platform, its RSS. */
  private void sample() {
    forEachProcess(
        (pid, role) -> {
          recordTicks(pid, role);
          long kib = rssKib(pid);
          if (kib > 0 && (role == Role.API || role == Role.WORKERS || role == Role.BENCH)) {
            synchronized (peakRss) {
              peakRss.merge(role, kib / 1024, Math::max);
            }
          }
        });
  }

  private void recordTicks(String pid, Role role) {
    long ticks = cpuTicks(pid);
    if (ticks >= 0) {
      lastSeen.put(pid, new Seen(role, ticks));
    }
  }

  /**
   * The first process of each wanted role on this machine (the bench's own role is never wanted).
   */
  static Map<Role, Long> pidsOf(java.util.Set<Role> wanted) {
    Map<Role, Long> pids = new EnumMap<>(Role.class);
    forEachProcess(
        (pid, role) -> {
          if (wanted.contains(role) && role != Role.BENCH) {
            pids.putIfAbsent(role, Long.parseLong(pid));
          }
        });
    return pids;
  }

  private static Map<String, Long> cpuTicks() {
    Map<String, Long> ticks = new java.util.HashMap<>();
    forEachProcess(
        (pid, role) -> {
          long t = cpuTicks(pid);
          if (t >= 0) {
            ticks.put(pid, t);
          }
        });
    return ticks;
  }

  private interface ProcessVisitor {
    void visit(String pid, Role role);
  }

  private static void forEachProcess(ProcessVisitor visitor) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return;
    }
    String self = Long.toString(ProcessHandle.current().pid());
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path dir : dirs) {
        String pid = dir.getFileName().toString();
        Role role = pid.equals(self) ? Role.BENCH : classify(commandLine(dir));
        if (role != null) {
          visitor.visit(pid, role);
        }
      }
    } catch (IOException e) {
      // /proc vanished under us: report what was read.
    }
  }

  private static String commandLine(Path dir) {
    try {
      return new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** The role of a process from its command line; null for processes the bench does not measure. */
  static Role classify(String cmdline) {
    if (cmdline.contains("io.catalog.api.ApiApplication")) {
      return Role.API;
    }
    if (cmdline.contains("io.catalog.workers.WorkersMain")) {
      return Role.WORKERS;
    }
    if (cmdline.contains(" kafka.Kafka")
        || cmdline.contains("io.catalog.localstack.KafkaServerMain")) {
      return Role.KAFKA;
    }
    if (cmdline.contains("org.elasticsearch.")) {
      return Role.ELASTICSEARCH;
    }
    String exe = cmdline.isBlank() ? "" : cmdline.strip().split(" ", 2)[0];
    if (exe.endsWith("/postgres") || cmdline.startsWith("postgres:")) {
      return Role.POSTGRES;
    }
    if (exe.endsWith("/temporal") || exe.equals("temporal")) {
      return Role.TEMPORAL;
    }
    return null;
  }

  /** utime + stime of {@code /proc/<pid>/stat}, in ticks; -1 when the process is gone. */
  static long cpuTicks(String pid) {
    try {
      return parseCpuTicks(Files.readString(Path.of("/proc", pid, "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Fields 14 and 15 of a stat line; the command name in parentheses may itself hold spaces. */
  static long parseCpuTicks(String stat) {
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // rest[0] is field 3 (state), so field 14 (utime) is rest[11] and field 15 (stime) rest[12].
    return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
  }

  /** VmRSS of {@code /proc/<pid>/status} in KiB; -1 when the process is gone. */
  static long rssKib(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone between listing and reading.
    }
    return -1;
  }
}
