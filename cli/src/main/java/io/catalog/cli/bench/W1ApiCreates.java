package io.catalog.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * W1: product creates through the running API ({@code POST /products}, N concurrent clients,
 * closed loop) against raw JDBC inserts of a product row plus an outbox row in one transaction
 * (same concurrency, same database); then POST latency at a few fixed offered rates (open loop).
 */
final class W1ApiCreates implements Workload {
  private static final int OPEN_LOOP_THREADS = 64;
  /** A just-started API reaches its steady rate only after its JIT has settled: warm until it has. */
  private static final Duration WARM_MINIMUM = Duration.ofSeconds(30);
  private static final Duration WARM_LIMIT = Duration.ofSeconds(300);
  private static final double WARM_TOLERANCE = 0.10;

  static String warmLine(String what, LoadRunner.Warmup w) {
    return String.format(Locale.ROOT, "W1 %s warm-up: %d windows in %.0f s, %s/s%s", what, w.windows(), w.seconds(),
        w.rates().stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
        w.steady() ? "" : " (not steady within the limit)");
  }

  @Override
  public String id() {
    return "W1";
  }

  @Override
  public String title() {
    return "API creates vs raw JDBC product+outbox transactions";
  }

  /** The given rates, or fractions of the measured throughput rounded to 10/s. */
  static List<Double> curveRates(BenchPlan plan, double measured) {
    if (!plan.w1Rates().isEmpty()) {
      return plan.w1Rates();
    }
    return plan.w1Fractions().stream().map(f -> Math.max(10.0, Math.round(f * measured / 10) * 10.0)).distinct().toList();
  }

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    BenchPlan plan = ctx.plan;
    ApiClient api = new ApiClient(ctx.targets.apiBase());
    Duration warmWindow = Duration.ofSeconds(plan.warmupSeconds());
    // --quick keeps its short windows and does not insist on half a minute.
    Duration warmMinimum = plan.warmupSeconds() < 5 ? Duration.ZERO : WARM_MINIMUM;
    Duration measure = Duration.ofSeconds(plan.measureSeconds());
    ctx.awaitQuiet(Duration.ofMinutes(2));

    LoadRunner.Warmup apiWarm =
        LoadRunner.warmUntilSteady(
            plan.clients(), warmWindow, warmMinimum, WARM_LIMIT, WARM_TOLERANCE, (i, due) -> api.create(ctx.apiSeller));
    say.accept(warmLine("API", apiWarm));
    report.note(warmLine("API", apiWarm));
    Latencies apiLatency = new Latencies();
    Profiler.Session apiProfile = ctx.profiler.start("W1-api");
    ProcessMeter apiMeter = ProcessMeter.start();
    LoadRunner.Outcome viaApi =
        LoadRunner.closedLoop(plan.clients(), Duration.ZERO, measure, (i, due) -> api.create(ctx.apiSeller), apiLatency);
    ProcessMeter.Usage apiUsage = apiMeter.stop();
    apiProfile.stop().forEach(report::note);
    double apiLoad = Machine.loadAverage();
    say.accept(String.format(Locale.ROOT, "W1 API: %.0f creates/s, p50 %.1f ms, p99 %.1f ms (%d failed)",
        viaApi.perSecond(), apiLatency.p50(), apiLatency.p99(), viaApi.failed()));
    ctx.awaitQuiet(Duration.ofMinutes(2));

    Latencies rawLatency = new Latencies();
    LoadRunner.Outcome raw;
    ProcessMeter.Usage rawUsage;
    try (RawProductWriter writer = new RawProductWriter(ctx.targets, ctx.rawSeller, ctx.benchNames.productEvents())) {
      LoadRunner.Warmup rawWarm =
          LoadRunner.warmUntilSteady(plan.clients(), warmWindow, warmMinimum, WARM_LIMIT, WARM_TOLERANCE, (i, due) -> writer.insert());
      say.accept(warmLine("raw JDBC", rawWarm));
      report.note(warmLine("raw JDBC", rawWarm));
      Profiler.Session rawProfile = ctx.profiler.start("W1-raw");
      ProcessMeter rawMeter = ProcessMeter.start();
      raw = LoadRunner.closedLoop(plan.clients(), Duration.ZERO, measure, (i, due) -> writer.insert(), rawLatency);
      rawUsage = rawMeter.stop();
      rawProfile.stop().forEach(report::note);
    }
    say.accept(String.format(Locale.ROOT, "W1 raw JDBC: %.0f tx/s, p50 %.1f ms, p99 %.1f ms",
        raw.perSecond(), rawLatency.p50(), rawLatency.p99()));
    report.row(
        new BenchRow("W1", "creates/s, " + plan.clients() + " clients (POST vs JDBC tx)",
            viaApi.perSecond(), raw.perSecond(), apiLatency.p50(), apiLatency.p99(), apiLoad));
    report.note(String.format(Locale.ROOT,
        "W1 raw JDBC baseline latency p50 %.2f ms, p99 %.2f ms; API failures %d, raw failures %d%s",
        rawLatency.p50(), rawLatency.p99(), viaApi.failed(), raw.failed(),
        viaApi.lastError() == null ? "" : " (last: " + viaApi.lastError() + ")"));
    report.note(apiUsage.describe("W1 API phase", viaApi.ok()));
    report.note(rawUsage.describe("W1 raw JDBC phase", raw.ok()));

    for (double rate : curveRates(plan, viaApi.perSecond())) {
      ctx.awaitQuiet(Duration.ofMinutes(2));
      Latencies latency = new Latencies();
      OpenLoopSchedule schedule = OpenLoopSchedule.of(rate, plan.curveSeconds());
      LoadRunner.Outcome offered =
          LoadRunner.openLoop(
              schedule, OPEN_LOOP_THREADS, Duration.ofSeconds(plan.curveSeconds() + 10L),
              (i, due) -> {
                api.create(ctx.apiSeller);
                latency.recordNanos(System.nanoTime() - due);
              });
      report.point(CurvePoint.of("W1", rate, offered.perSecond(), latency));
      report.row(
          BenchRow.latency("W1", String.format(Locale.ROOT, "POST at %.0f/s offered: achieved/s", rate),
              offered.perSecond(), latency));
      say.accept(String.format(Locale.ROOT, "W1 at %.0f/s offered: achieved %.0f/s, p50 %.1f ms, p99 %.1f ms",
          rate, offered.perSecond(), latency.p50(), latency.p99()));
    }
  }
}
