package io.catalog.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the chosen workloads against the running platform, one after the other on the same stack,
 * and cleans up after them whatever happens (also on Ctrl-C).
 */
public final class BenchRunner {
  private static final List<Workload> ALL =
      List.of(
          new Workload(
              "W1", "API creates vs raw JDBC product+outbox transactions", new W1ApiCreates()),
          new Workload(
              "W2",
              "outbox relay vs raw idempotent producer; write→Kafka latency",
              new W2OutboxRelay()),
          new Workload(
              "W3",
              "projection consumer vs raw _bulk; mixed v1/v2 events vs v2 only",
              new W3Projection()),
          new Workload("W4", "rebuild from the database vs raw bulk load", new W4Rebuild()),
          new Workload("W5", "write→searchable latency", new W5Searchable()),
          new Workload(
              "W6",
              "drift reconciliation without drift vs the W4 rebuild of the same products",
              new W6Reconcile()),
          new Workload(
              "W7",
              "relay scale-out: 4 shards over 3 workers processes vs 1 process × 1 shard",
              new W7RelayScaleOut()));

  private final BenchTargets targets;
  private final BenchPlan plan;
  private final Consumer<String> say;
  private final Function<Throwable, String> describe;
  private java.nio.file.Path profileRoot;
  private java.nio.file.Path workersRoot;
  private WorkersLauncher workersLauncher;

  /**
   * @param say progress lines for the person waiting
   * @param describe turns a workload's exception into the one-line reason in the report
   */
  public BenchRunner(
      BenchTargets targets,
      BenchPlan plan,
      Consumer<String> say,
      Function<Throwable, String> describe) {
    this.targets = targets;
    this.plan = plan;
    this.say = say;
    this.describe = describe;
  }

  /**
   * Profiles each measured phase with async-profiler into a folder of this root (see {@link
   * Profiler}).
   */
  public BenchRunner profileInto(java.nio.file.Path root) {
    this.profileRoot = root;
    return this;
  }

  /**
   * Lets W7 start workers processes with {@code launcher}, their logs in a folder of {@code root}
   * ({@code bench-<run>/logs/}); without it W7 fails and says why.
   */
  public BenchRunner workersFrom(java.nio.file.Path root, WorkersLauncher launcher) {
    this.workersRoot = root;
    this.workersLauncher = launcher;
    return this;
  }

  /** {@code W1}…{@code W7} with what each measures. */
  public static List<String> workloads() {
    return ALL.stream().map(w -> w.id() + ": " + w.title()).toList();
  }

  /**
   * @param ids workloads to run ({@code W1}…{@code W7}, any case); empty means all
   * @throws IllegalArgumentException for an unknown id
   */
  public static List<String> normalise(List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      return ALL.stream().map(Workload::id).toList();
    }
    List<String> known = ALL.stream().map(Workload::id).toList();
    List<String> chosen = new ArrayList<>();
    for (String id : ids) {
      String upper = id.trim().toUpperCase(Locale.ROOT);
      if (!known.contains(upper)) {
        throw new IllegalArgumentException(
            "unknown workload '" + id + "' (expected one of " + known + ")");
      }
      if (!chosen.contains(upper)) {
        chosen.add(upper);
      }
    }
    return ALL.stream().map(Workload::id).filter(chosen::contains).toList();
  }

  public BenchReport run(List<String> ids, boolean quick) throws Exception {
    List<String> chosen = normalise(ids);
    BenchReport report = new BenchReport();
    new ApiClient(targets.apiBase()).requireHealthy();
    try (BenchContext ctx = new BenchContext(targets, plan);
        BenchRuns live = BenchRuns.claim(ctx.jdbi, ctx.runId)) {
      equip(ctx);
      ReconcileHold hold =
          new ReconcileHold(
              ctx.schedules(),
              ctx.temporal(),
              ctx.platformNames.reconciliationScheduleId(),
              run -> BenchRuns.running(ctx.jdbi, run));
      AtomicBoolean cleaned = new AtomicBoolean();
      Runnable cleanup =
          () -> {
            if (cleaned.compareAndSet(false, true)) {
              say.accept("cleaning up bench-" + ctx.runId + " …");
              new BenchCleanup(ctx, say).run();
              release(hold, ctx);
            }
          };
      Thread hook = new Thread(cleanup, "bench-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        RunFacts.record(ctx, report, chosen, quick);
        hold(hold, ctx, report, quick);
        publisherHolds(ctx, report);
        earlierRuns(ctx, report);
        ctx.provisionTopics(ctx.benchNames);
        for (Workload w : ALL) {
          if (chosen.contains(w.id())) {
            runOne(w, ctx, report);
          }
        }
        report.fact(
            "at end",
            String.format(
                Locale.ROOT,
                "load average %.2f, CPU pressure %.0f%%",
                Machine.loadAverage(),
                Machine.cpuPressure()));
      } finally {
        cleanup.run();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running or ran: nothing left to remove.
        }
      }
    }
    return report;
  }

  private void equip(BenchContext ctx) {
    if (profileRoot != null) {
      ctx.profiler = Profiler.into(profileRoot.resolve("bench-" + ctx.runId));
      say.accept("profiling the API, the workers and the bench into " + ctx.profiler.dir());
    }
    if (workersLauncher != null) {
      ctx.workersLauncher = workersLauncher;
      ctx.workersRunDir = workersRoot.resolve("bench-" + ctx.runId);
    }
  }

  /**
   * Resumes the publishers an earlier run paused (W2, W7) and did not live to resume: before that
   * run's leftovers are removed, whose deletes they publish, and before this run's W1, which waits
   * for a quiet platform.
   */
  private void publisherHolds(BenchContext ctx, BenchReport report) {
    List<String> said;
    try {
      said = ctx.publishers().releaseEnded(run -> BenchRuns.running(ctx.jdbi, run));
    } catch (RuntimeException e) {
      said = List.of("not checked for an earlier run's pause: " + describe.apply(e));
    }
    if (!said.isEmpty()) {
      said.forEach(line -> say.accept("publishers: " + line));
      report.fact("publishers", String.join("; ", said));
    }
  }

  private void earlierRuns(BenchContext ctx, BenchReport report) throws Exception {
    Set<String> runs = BenchRuns.removeLeftovers(ctx, say);
    if (!runs.isEmpty()) {
      report.fact(
          "earlier runs",
          "removed what "
              + runs.stream().map(r -> "bench-" + r).collect(Collectors.joining(", "))
              + " left behind");
    }
  }

  /**
   * Holds the scheduled drift reconciliation for the run; {@link #release} gives it back after the
   * clean-up, so that it does not work through half-removed bench data either. A failure to hold is
   * reported, not fatal.
   */
  private void hold(ReconcileHold hold, BenchContext ctx, BenchReport report, boolean quick)
      throws InterruptedException {
    say.accept("holding the scheduled drift reconciliation for the run …");
    String done;
    try {
      done = hold.take(ctx.runId, quick ? Duration.ofSeconds(30) : Duration.ofMinutes(5));
    } catch (RuntimeException e) {
      done = "not held, it may run beside the measurements: " + describe.apply(e);
    }
    say.accept("drift reconciliation: " + done);
    report.fact("drift reconciliation", done);
  }

  private void release(ReconcileHold hold, BenchContext ctx) {
    try {
      String done = hold.release(ctx.runId);
      if (done != null) {
        say.accept(done);
      }
    } catch (RuntimeException e) {
      say.accept(
          "could not resume schedule "
              + ctx.platformNames.reconciliationScheduleId()
              + " ("
              + describe.apply(e)
              + "): the next bench run or workers start resumes it, or `temporal schedule toggle"
              + " --unpause`");
    }
  }

  /**
   * One workload, announced with the machine's load; its failure is the report's, not the run's.
   */
  private void runOne(Workload w, BenchContext ctx, BenchReport report) {
    say.accept(
        String.format(
            Locale.ROOT,
            "== %s %s (load average %.2f, CPU pressure %.0f%%)",
            w.id(),
            w.title(),
            Machine.loadAverage(),
            Machine.cpuPressure()));
    try {
      w.body().run(ctx, report, say);
    } catch (Exception e) {
      say.accept(w.id() + " failed: " + describe.apply(e));
      report.failure(w.id(), describe.apply(e));
    }
  }
}
