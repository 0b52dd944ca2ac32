package io.catalog.cli.bench;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * W7: relay scale-out (issue #20). The same backlog of outbox rows is drained by bench workers
 * processes started from the built jar, in three configurations one after the other: 1 process × 1
 * shard, 1 process × 4 shards, 3 processes × 4 shards. Each configuration runs under a name prefix
 * of its own and its rows name that prefix's {@code product.events}, so the events reach a bench
 * topic and a bench index, never the platform's read model.
 *
 * <p>Outbox rows carry no prefix: a publisher claims by {@code shard_key} whatever the topic. So
 * the platform's publishers stay paused for the whole workload, and a configuration's processes are
 * stopped before the next one's rows are written.
 */
final class W7RelayScaleOut implements Workload.Body {
  static final Duration START_WITHIN = Duration.ofMinutes(3);
  static final Duration QUIET_WITHIN = Duration.ofMinutes(2);
  static final Duration PAUSE_WITHIN = Duration.ofMinutes(1);
  static final Duration DRAIN_WITHIN = Duration.ofMinutes(10);

  /** One configuration's timed drain. */
  record Drained(ScaleOut shape, int rows, long published, double seconds) {
    double eventsPerSecond() {
      return published / seconds;
    }
  }

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    if (ctx.workersLauncher == null || ctx.workersRunDir == null) {
      throw new IllegalStateException(
          "W7 starts workers processes from the built jar: run it through `./platform bench`");
    }
    ctx.awaitQuiet(QUIET_WITHIN);
    ctx.publishers().pauseAll(PAUSE_WITHIN);
    Map<ScaleOut, Double> rates = new LinkedHashMap<>();
    try {
      for (ScaleOut shape : ScaleOut.ALL) {
        rates.put(shape, measure(ctx, shape, report, say).eventsPerSecond());
      }
    } finally {
      ctx.publishers().resumeAll();
    }
    rows(rates).forEach(report::row);
  }

  /** The two ratios of issue #20, both against 1 process × 1 shard of the same run. */
  static List<BenchRow> rows(Map<ScaleOut, Double> rates) {
    double single = rates.get(ScaleOut.ONE_BY_ONE);
    return List.of(
        BenchRow.throughput(
            "W7",
            "relay events/s, 4 shards over 3 processes vs 1 process × 1 shard",
            rates.get(ScaleOut.THREE_BY_FOUR),
            single),
        BenchRow.throughput(
            "W7",
            "relay events/s, 1 process × 4 shards vs 1 × 1",
            rates.get(ScaleOut.ONE_BY_FOUR),
            single));
  }

  /**
   * Where the clock starts: the processes are started, healthy, their publishers running, have
   * published whatever was PENDING and are paused; only then is the backlog written, and the clock
   * starts when they are resumed. JVM start-up, the migration check, topic provisioning and the
   * workflows' start stay off the clock, as they are for W2's long-running platform workers (three
   * JVMs starting on two cores would otherwise weigh on the 3-process figure). Starting the
   * processes after the preload instead would time start-up, not the relay, and a clock started at
   * "healthy" would miss the rows published before it. On the clock: the resume signals, the
   * activities' start, and every claim, send and mark. The JIT is cold in every configuration.
   */
  private static Drained measure(
      BenchContext ctx, ScaleOut shape, BenchReport report, Consumer<String> say) throws Exception {
    PlatformNames names = ctx.names(shape.workload());
    say.accept(
        "W7 "
            + shape.describe()
            + ": starting bench workers under "
            + names.prefix()
            + ", logs in "
            + ctx.workersRunDir.resolve("logs"));
    // Closed (stopped, its workflows terminated) before the next configuration preloads.
    try (BenchWorkers workers = BenchWorkers.start(ctx, shape, names, say)) {
      long starting = System.nanoTime();
      workers.awaitHealthy(START_WITHIN);
      workers.awaitPublishers(START_WITHIN);
      awaitNothingPending(ctx, QUIET_WITHIN);
      PublisherControl control = new PublisherControl(ctx.temporal(), names, ctx.runId);
      control.pauseAll(PAUSE_WITHIN);
      say.accept(
          String.format(
              Locale.ROOT,
              "W7 %s: healthy, %d publisher(s) running and paused after %.1f s",
              shape.describe(),
              shape.shards(),
              (System.nanoTime() - starting) / 1e9));
      preload(ctx, names, say);
      Drained drained = drain(ctx, shape, workers, control, names.productEvents(), report);
      String line =
          String.format(
              Locale.ROOT,
              "W7 %s: %,d of %,d rows PUBLISHED in %.2f s: %.0f events/s",
              shape.describe(),
              drained.published(),
              drained.rows(),
              drained.seconds(),
              drained.eventsPerSecond());
      say.accept(line);
      report.note(line);
      return drained;
    }
  }

  /** Times the bench publishers' drain of the preloaded rows, metered per role and per process. */
  private static Drained drain(
      BenchContext ctx,
      ScaleOut shape,
      BenchWorkers workers,
      PublisherControl control,
      String topic,
      BenchReport report)
      throws Exception {
    long before = W2OutboxRelay.rows(ctx, topic, "PUBLISHED");
    DrainWatch watch = DrainWatch.of(ctx, topic);
    ProcessMeter meter = ProcessMeter.start();
    PidMeter perProcess = PidMeter.start(workers.pids());
    try {
      long start = System.nanoTime();
      control.resumeAll();
      watch.await(ctx.plan.relayRows(), DRAIN_WITHIN);
      double seconds = (System.nanoTime() - start) / 1e9;
      // Rows that reached PUBLISHED, not rows written: a row that failed is not an event sent.
      long published = W2OutboxRelay.rows(ctx, topic, "PUBLISHED") - before;
      String what = "W7 " + shape.describe();
      report.note(meter.stop().describe(what + " drain", published));
      report.note(perProcess.stop().describe(what + ", each bench workers process"));
      return new Drained(shape, ctx.plan.relayRows(), published, seconds);
    } finally {
      meter.close();
      perProcess.close();
    }
  }

  /** The plan's relay backlog, written through the API's {@link ProductService} as W2 does. */
  private static void preload(BenchContext ctx, PlatformNames names, Consumer<String> say)
      throws Exception {
    int rows = ctx.plan.relayRows();
    ProductDraft draft =
        new ProductDraft(ctx.rawSeller, "Wireless Mouse", new BigDecimal("15.99"), "USD", 100);
    long start = System.nanoTime();
    new OutboxDrain(ctx, new ProductService(ctx.jdbi, names), draft, rows, say).preload();
    say.accept(
        String.format(
            Locale.ROOT,
            "W7 preloaded %,d outbox rows for %s in %.1f s",
            rows,
            names.productEvents(),
            (System.nanoTime() - start) / 1e9));
  }

  /**
   * Waits until no outbox row is PENDING. The bench workers claim by {@code shard_key} whatever the
   * topic, so they publish what the paused platform publishers left; then the only PENDING rows on
   * the clock are the preload.
   */
  private static void awaitNothingPending(BenchContext ctx, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pending;
    while ((pending = ctx.pendingOutboxRows()) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            pending
                + " outbox rows still PENDING after "
                + timeout
                + ": not measured on a backlog");
      }
      Thread.sleep(200); // polling the outbox; there is no event to wait on
    }
  }
}
