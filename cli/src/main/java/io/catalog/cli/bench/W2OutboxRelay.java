package io.catalog.cli.bench;

import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.workers.WorkersConfig;
import io.catalog.workers.outbox.OneShotPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * W2: the outbox relay. M rows are preloaded with the API's {@link ProductService} while the
 * platform's publishers are paused, then drained (a) by the publisher workflows of the running
 * workers, (b) by {@link OneShotPublisher} in this process; against a raw idempotent acks=all
 * producer sending the same payloads. Then write→Kafka latency at a fixed offered write rate with
 * the publishers running. The rows name a bench topic: no event reaches the platform's read model.
 */
final class W2OutboxRelay implements Workload.Body {
  /**
   * Drains of the same backlog by the publisher workflows and by the raw relay, one after the
   * other: each takes about 2 s, where one slow or fast second of the host decided the ratio
   * (docs/benchmarks.md, "Three drains of each").
   */
  static final int TRIALS = 3;

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    ProductService service = new ProductService(ctx.jdbi, ctx.benchNames);
    ProductDraft draft =
        new ProductDraft(ctx.rawSeller, "Wireless Mouse", new BigDecimal("15.99"), "USD", 100);
    int rows = ctx.plan.relayRows();
    String topic = ctx.benchNames.productEvents();
    OutboxDrain drains = new OutboxDrain(ctx, service, draft, rows, say);
    ctx.awaitQuiet(Duration.ofMinutes(2));

    warmRelay(ctx, new OutboxDrain(ctx, service, draft, rows / 2, say), topic);
    Trials trials = new Trials();
    for (int trial = 1; trial <= TRIALS; trial++) {
      // The first is profiled and metered, as W2's single drain was.
      trials.workflows[trial - 1] = viaWorkflows(ctx, drains, topic, trial, report);
      // The relay's real ceiling: the same transaction shape with nothing of the platform around
      // it, drained right after each of the workflows' drains, so that both see the same machine.
      trials.raw[trial - 1] =
          drains.time(
              "raw claim+produce+mark",
              () -> W2RawBaselines.rawRelay(ctx, topic, OneShotPublisher.DEFAULT_BATCH_SIZE));
    }
    report.note(trials.describe());
    double viaWorkflow = Trials.median(trials.workflows);
    double rawRelay = Trials.median(trials.raw);
    double viaOneShot;
    // Connected before the clock starts, like `platform process-outbox` is before it publishes.
    try (OneShotPublisher publisher = OneShotPublisher.connect(workersConfig(ctx))) {
      viaOneShot =
          drains.time(
              "one-shot publisher",
              () -> publisher.publishPending(OneShotPublisher.DEFAULT_BATCH_SIZE).published());
    }
    double raw = W2RawBaselines.rawProducer(ctx, topic, rows, say);
    report.row(
        BenchRow.throughput(
            "W2", "relay events/s, publisher workflows vs raw relay", viaWorkflow, rawRelay));
    report.row(
        BenchRow.throughput(
            "W2", "relay events/s, one-shot publisher vs raw relay", viaOneShot, rawRelay));
    report.row(
        BenchRow.throughput(
            "W2", "raw relay vs raw producer (claim+mark overhead)", rawRelay, raw));

    ctx.awaitQuiet(Duration.ofMinutes(2));
    TableVacuum.beforeMeasuring(ctx, report, say, "W2 write→Kafka");
    W2Latency.measure(ctx, service, draft, topic, report, say);
  }

  /**
   * One drain by the publisher workflows that is not measured: the first drain after a restart of
   * the workers ran on a cold JVM at 0.35-0.54x of the warm one (docs/benchmarks.md).
   */
  private static void warmRelay(BenchContext ctx, OutboxDrain warm, String topic) throws Exception {
    warm.time("publisher workflows (warm-up, not measured)", byPublishers(ctx, warm, topic));
  }

  /** Resumes the paused publisher workflows and waits until they drained the preloaded rows. */
  private static OutboxDrain.Drain byPublishers(
      BenchContext ctx, OutboxDrain drains, String topic) {
    return () -> {
      DrainWatch watch = DrainWatch.of(ctx, topic);
      ctx.publishers().resumeAll();
      watch.await(drains.rows(), Duration.ofMinutes(10));
      return drains.rows();
    };
  }

  /**
   * The publisher workflows of the running workers drain the rows. The first drain is also
   * profiled, and its processes' CPU metered into {@code report}'s notes; the others only measured.
   */
  private static double viaWorkflows(
      BenchContext ctx, OutboxDrain drains, String topic, int trial, BenchReport report)
      throws Exception {
    if (trial > 1) {
      return viaWorkflows(ctx, drains, topic, OutboxDrain.Drain::run);
    }
    Profiler.Session[] relayProfile = new Profiler.Session[1];
    ProcessMeter.Usage[] relayUsage = new ProcessMeter.Usage[1];
    double rate =
        viaWorkflows(
            ctx,
            drains,
            topic,
            drain -> {
              relayProfile[0] = ctx.profiler.start("W2-relay");
              try (ProcessMeter meter = ProcessMeter.start()) {
                long drained = drain.run();
                relayUsage[0] = meter.stop();
                return drained;
              }
            });
    report.note(relayUsage[0].describe("W2 publisher-workflow drain", drains.rows()));
    relayProfile[0].stop().forEach(report::note);
    return rate;
  }

  /** One timed drain by the publisher workflows, run inside {@code around}. */
  private static double viaWorkflows(
      BenchContext ctx, OutboxDrain drains, String topic, Around around) throws Exception {
    return drains.time(
        "publisher workflows",
        () -> around.run(byPublishers(ctx, drains, topic)),
        // Rows that reached PUBLISHED, not rows written: a row that failed is not an event sent.
        () -> rows(ctx, topic, "PUBLISHED"));
  }

  /** What runs around a drain: nothing, or the profiler and the process meter. */
  private interface Around {
    long run(OutboxDrain.Drain drain) throws Exception;
  }

  /** Each trial's events per second; the report's rows give the medians. */
  static final class Trials {
    final double[] workflows = new double[TRIALS];
    final double[] raw = new double[TRIALS];

    static double median(double[] rates) {
      double[] sorted = rates.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }

    String describe() {
      StringBuilder s = new StringBuilder("W2 drains, publisher workflows vs raw relay, in order:");
      for (int i = 0; i < TRIALS; i++) {
        s.append(
            String.format(
                Locale.ROOT,
                "%s%.0f vs %.0f (%.2f×)",
                i == 0 ? " " : "; ",
                workflows[i],
                raw[i],
                workflows[i] / raw[i]));
      }
      return s.append("; the rows give the median of each").toString();
    }
  }

  /** Outbox rows of {@code topic} in {@code status} (PENDING, PUBLISHED). */
  static long rows(BenchContext ctx, String topic, String status) {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM outbox_events WHERE status = '"
                        + status
                        + "' AND topic = :t")
                .bind("t", topic)
                .mapTo(Long.class)
                .one());
  }

  private static WorkersConfig workersConfig(BenchContext ctx) {
    return WorkersConfig.fromEnv(ctx.targets.endpoints().toEnv());
  }
}
