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
    Duration warmup = Duration.ofSeconds(plan.warmupSeconds());
    Duration measure = Duration.ofSeconds(plan.measureSeconds());
    ctx.awaitQuiet(Duration.ofMinutes(2));

    Latencies apiLatency = new Latencies();
    LoadRunner.Outcome viaApi =
        LoadRunner.closedLoop(plan.clients(), warmup, measure, (i, due) -> api.create(ctx.apiSeller), apiLatency);
    double apiLoad = Machine.loadAverage();
    say.accept(String.format(Locale.ROOT, "W1 API: %.0f creates/s, p50 %.1f ms, p99 %.1f ms (%d failed)",
        viaApi.perSecond(), apiLatency.p50(), apiLatency.p99(), viaApi.failed()));
    ctx.awaitQuiet(Duration.ofMinutes(2));

    Latencies rawLatency = new Latencies();
    LoadRunner.Outcome raw;
    try (RawProductWriter writer = new RawProductWriter(ctx.targets, ctx.rawSeller, ctx.benchNames.productEvents())) {
      raw = LoadRunner.closedLoop(plan.clients(), warmup, measure, (i, due) -> writer.insert(), rawLatency);
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
