package io.catalog.cli.bench;

import io.catalog.domain.outbox.OutboxWakeups;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * W1: product creates through the running API ({@code POST /products}, N concurrent clients, closed
 * loop) against raw JDBC inserts of a product row plus an outbox row in one transaction (same
 * concurrency, same database); then POST latency at a few fixed offered rates (open loop).
 */
final class W1ApiCreates implements Workload.Body {
  private static final int OPEN_LOOP_THREADS = 64;

  /**
   * A just-started API reaches its steady rate only after its JIT has settled: warm until it has.
   */
  private static final Duration WARM_MINIMUM = Duration.ofSeconds(30);

  private static final Duration WARM_LIMIT = Duration.ofSeconds(300);
  private static final double WARM_TOLERANCE = 0.10;

  static String warmLine(String what, LoadRunner.Warmup w) {
    return String.format(
        Locale.ROOT,
        "W1 %s warm-up: %d windows in %.0f s, %s/s%s",
        what,
        w.windows(),
        w.seconds(),
        w.rates().stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
        w.steady() ? "" : " (not steady within the limit)");
  }

  /** The given rates, or fractions of the measured throughput rounded to 10/s. */
  static List<Double> curveRates(BenchPlan plan, double measured) {
    if (!plan.w1Rates().isEmpty()) {
      return plan.w1Rates();
    }
    return plan.w1Fractions().stream()
        .map(f -> Math.max(10.0, Math.round(f * measured / 10) * 10.0))
        .distinct()
        .toList();
  }

  /** One measured closed loop: its outcome, its latencies and where the cores went meanwhile. */
  private record Phase(LoadRunner.Outcome outcome, Latencies latency, ProcessMeter.Usage usage) {}

  /**
   * Warms {@code op} until its rate is steady, then runs it closed-loop for the plan's measure time
   * under the process meter (and the profiler when asked for). The warm-up windows and the profile
   * lines go to the report as notes.
   */
  private static Phase warmThenMeasure(
      BenchContext ctx,
      BenchReport report,
      Consumer<String> say,
      String what,
      String profilePhase,
      LoadRunner.Operation op)
      throws Exception {
    BenchPlan plan = ctx.plan;
    Duration warmWindow = Duration.ofSeconds(plan.warmupSeconds());
    // --quick keeps its short windows and does not insist on half a minute.
    Duration warmMinimum = plan.warmupSeconds() < 5 ? Duration.ZERO : WARM_MINIMUM;
    try (LoadRunner.Clients clients = new LoadRunner.Clients(plan.clients())) {
      LoadRunner.Warmup warm =
          LoadRunner.warmUntilSteady(
              clients, warmWindow, warmMinimum, WARM_LIMIT, WARM_TOLERANCE, op);
      say.accept(warmLine(what, warm));
      report.note(warmLine(what, warm));
      Latencies latency = new Latencies();
      Profiler.Session profile = ctx.profiler.start(profilePhase);
      ProcessMeter meter = ProcessMeter.start();
      LoadRunner.Outcome outcome =
          LoadRunner.closedLoop(
              clients, Duration.ZERO, Duration.ofSeconds(plan.measureSeconds()), op, latency);
      ProcessMeter.Usage usage = meter.stop();
      profile.stop().forEach(report::note);
      return new Phase(outcome, latency, usage);
    }
  }

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    BenchPlan plan = ctx.plan;
    ApiClient api = new ApiClient(ctx.targets.apiBase());
    ctx.awaitQuiet(Duration.ofMinutes(2));

    Phase viaApi =
        warmThenMeasure(ctx, report, say, "API", "W1-api", (i, due) -> api.create(ctx.apiSeller));
    double apiLoad = Machine.loadAverage();
    say.accept(
        String.format(
            Locale.ROOT,
            "W1 API: %.0f creates/s, p50 %.1f ms, p99 %.1f ms (%d failed)",
            viaApi.outcome().perSecond(),
            viaApi.latency().p50(),
            viaApi.latency().p99(),
            viaApi.outcome().failed()));
    ctx.awaitQuiet(Duration.ofMinutes(2));

    Phase raw = viaJdbc(ctx, report, say);
    throughput(plan, report, viaApi, raw, apiLoad);
    List<Double> rates = curveRates(plan, viaApi.outcome().perSecond());
    ctx.awaitQuiet(Duration.ofMinutes(2));
    TableVacuum.beforeMeasuring(ctx, report, say, "W1 open loop");
    for (int i = 0; i < rates.size(); i++) {
      ctx.awaitQuiet(Duration.ofMinutes(2));
      curvePoint(ctx, report, say, api, rates.get(i), "W1-open-" + (i + 1));
    }
  }

  /** The baseline: product and outbox rows inserted with plain JDBC, warmed and measured alike. */
  private static Phase viaJdbc(BenchContext ctx, BenchReport report, Consumer<String> say)
      throws Exception {
    Phase raw;
    try (RawProductWriter writer =
        new RawProductWriter(
            ctx.targets,
            ctx.rawSeller,
            ctx.benchNames.productEvents(),
            new OutboxWakeups(ctx.jdbi))) {
      raw = warmThenMeasure(ctx, report, say, "raw JDBC", "W1-raw", (i, due) -> writer.insert());
    }
    say.accept(
        String.format(
            Locale.ROOT,
            "W1 raw JDBC: %.0f tx/s, p50 %.1f ms, p99 %.1f ms",
            raw.outcome().perSecond(),
            raw.latency().p50(),
            raw.latency().p99()));
    return raw;
  }

  /** The throughput row of API against JDBC, and notes on failures and where the cores went. */
  private static void throughput(
      BenchPlan plan, BenchReport report, Phase viaApi, Phase raw, double apiLoad) {
    report.row(
        new BenchRow(
            "W1",
            "creates/s, " + plan.clients() + " clients (POST vs JDBC tx)",
            viaApi.outcome().perSecond(),
            raw.outcome().perSecond(),
            viaApi.latency().p50(),
            viaApi.latency().p99(),
            apiLoad));
    report.note(
        String.format(
            Locale.ROOT,
            "W1 raw JDBC baseline latency p50 %.2f ms, p99 %.2f ms; API failures %d, raw failures %d%s",
            raw.latency().p50(),
            raw.latency().p99(),
            viaApi.outcome().failed(),
            raw.outcome().failed(),
            viaApi.outcome().lastError() == null
                ? ""
                : " (last: " + viaApi.outcome().lastError() + ")"));
    report.note(viaApi.usage().describe("W1 API phase", viaApi.outcome().ok()));
    report.note(raw.usage().describe("W1 raw JDBC phase", raw.outcome().ok()));
  }

  /**
   * POST latency at one offered rate (open loop): a point of the curve and a row. The point's first
   * {@code warmupSeconds} at the same rate are offered but not measured: in them each of the load's
   * {@value #OPEN_LOOP_THREADS} threads opens its connection, which is the client's start, not the
   * API's latency at that rate (wrk2 leaves out its calibration seconds alike).
   */
  private static void curvePoint(
      BenchContext ctx,
      BenchReport report,
      Consumer<String> say,
      ApiClient api,
      double rate,
      String profilePhase)
      throws Exception {
    BenchPlan plan = ctx.plan;
    Latencies latency = new Latencies();
    int warmSeconds = plan.warmupSeconds();
    int unmeasured = OpenLoopSchedule.of(rate, warmSeconds).count();
    OpenLoopSchedule schedule = OpenLoopSchedule.of(rate, warmSeconds + plan.curveSeconds());
    Profiler.Session profile = ctx.profiler.start(profilePhase);
    ProcessMeter meter = ProcessMeter.start();
    LoadRunner.Outcome offered =
        LoadRunner.openLoop(
            schedule,
            OPEN_LOOP_THREADS,
            Duration.ofSeconds(warmSeconds + plan.curveSeconds() + 10L),
            (i, due) -> {
              api.create(ctx.apiSeller);
              if (i >= unmeasured) {
                latency.recordNanos(System.nanoTime() - due);
              }
            });
    ProcessMeter.Usage usage = meter.stop();
    profile.stop().forEach(report::note);
    CurvePoint point = CurvePoint.of("W1", rate, offered.perSecond(), latency);
    report.point(point, "POST");
    report.note(
        usage.describe(
            String.format(
                Locale.ROOT, "W1 at %.0f/s offered (its unmeasured first seconds too)", rate),
            offered.ok()));
    say.accept(
        point.offeredAndAchieved()
            + String.format(
                Locale.ROOT, ", p50 %.1f ms, p99 %.1f ms", point.p50Ms(), point.p99Ms()));
  }
}
