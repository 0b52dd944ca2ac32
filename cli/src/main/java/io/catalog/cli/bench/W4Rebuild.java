package io.catalog.cli.bench;

import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.db.Database;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.search.index.MappingVersion;
import io.catalog.search.index.SearchIndexes;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.rebuild.RebuildResult;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * W4: rebuild of N products from the database. The products are generated straight into {@code
 * products} of a database of the bench's own on the same server (multi-row INSERT … SELECT from
 * generate_series; the outbox is bypassed for this seeding), so the rebuild reads only them and the
 * platform's alias is never touched. The platform's path is {@code ProductSearchRebuildWorkflow}
 * started through {@link RebuildClient}, its activities on a worker in this process on a bench task
 * queue; the baseline is a raw bulk load of the same documents (read with one JDBC cursor) into a
 * fresh index with the same bulk-load settings, then one refresh.
 */
final class W4Rebuild implements Workload.Body {
  private static final int SEED_CHUNK = 100_000;
  private static final int BULK_STREAMS = 2;
  private static final int BATCH = RebuildInput.DEFAULT_BATCH_SIZE;

  /**
   * The warm-up rebuild is this share of the measured one. The rebuild's activities run in the
   * bench JVM, which has not run them before, while a workers process that rebuilds has been
   * projecting with the same document code for days; the raw load after the rebuild ran on code the
   * rebuild had compiled. Measured cold, half of the bench's samples during the rebuild were the
   * JIT and GC.
   */
  private static final int WARM_UP_SHARE = 5;

  /**
   * Seeds the W4 database and rebuilds its index through the platform's workflow; kept in {@code
   * ctx} for W6, which reconciles the same products.
   */
  static Rebuilt rebuild(BenchContext ctx, Consumer<String> say) throws Exception {
    if (ctx.rebuilt != null) {
      return ctx.rebuilt;
    }
    int products = ctx.plan.rebuildProducts();
    warmUp(ctx, Math.max(1, products / WARM_UP_SHARE), say);
    Seeded seeded = seedDatabase(ctx, "w4", products);
    Jdbi jdbi = seeded.jdbi();
    String url = seeded.url();
    double seedSeconds = seeded.seconds();
    say.accept(
        String.format(
            Locale.ROOT,
            "W4 seeded %,d products in %.1f s (%.0f rows/s, outbox bypassed)",
            products,
            seedSeconds,
            products / seedSeconds));
    PlatformNames names = ctx.names("w4");
    ctx.provisionTopics(names);
    ctx.awaitQuiet(Duration.ofMinutes(2));

    TimedRebuild timed = runWorkflow(ctx, names, jdbi, say, true);
    RebuildResult result = timed.result();
    double rebuildSeconds = timed.seconds();
    double loadSeconds = result.phaseMillis().getOrDefault("loading", 0L) / 1000.0;
    say.accept(
        String.format(
            Locale.ROOT,
            "W4 rebuild: %,d documents in %.1f s end to end (load phase %.1f s), phases %s",
            result.loaded(),
            rebuildSeconds,
            loadSeconds,
            result.phaseMillis()));
    ctx.rebuilt =
        new Rebuilt(names, jdbi, url, products, result, rebuildSeconds, seedSeconds, timed.usage());
    return ctx.rebuilt;
  }

  /**
   * One unmeasured rebuild of its own smaller database and alias, so that the measured rebuild and
   * the raw load after it both run on compiled code.
   */
  private static void warmUp(BenchContext ctx, int products, Consumer<String> say)
      throws Exception {
    Seeded seeded = seedDatabase(ctx, "w4warm", products);
    PlatformNames names = ctx.names("w4warm");
    ctx.provisionTopics(names);
    RebuildResult result = runWorkflow(ctx, names, seeded.jdbi(), say, false).result();
    say.accept(
        String.format(
            Locale.ROOT,
            "W4 warm-up rebuild (not measured): %,d documents, phases %s",
            result.loaded(),
            result.phaseMillis()));
  }

  /** Creates and migrates the bench database {@code bench_<run>_<suffix>} and seeds it. */
  private static Seeded seedDatabase(BenchContext ctx, String suffix, int products) {
    String database = "bench_" + ctx.runId + "_" + suffix;
    ctx.jdbi.useHandle(h -> h.execute("CREATE DATABASE " + database));
    String url = ctx.targets.endpoints().jdbcUrlFor(database);
    Database.migrate(url, ctx.targets.endpoints().dbUser(), ctx.targets.endpoints().dbPassword());
    Jdbi jdbi =
        Database.configure(
            Jdbi.create(
                url, ctx.targets.endpoints().dbUser(), ctx.targets.endpoints().dbPassword()));
    return new Seeded(jdbi, url, seed(jdbi, ctx.rawSeller, products));
  }

  private record Seeded(Jdbi jdbi, String url, double seconds) {}

  /**
   * Runs {@code ProductSearchRebuildWorkflow} over {@code jdbi}'s products, its activities on a
   * worker of this process on the workload's own task queue.
   */
  private static TimedRebuild runWorkflow(
      BenchContext ctx, PlatformNames names, Jdbi jdbi, Consumer<String> say, boolean measured)
      throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(ctx.temporal());
    try {
      Worker worker =
          factory.newWorker(names.projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
      RebuildWorkers.register(
          worker,
          jdbi,
          ctx.elasticsearch,
          ctx.targets.endpoints().kafkaBootstrap(),
          names,
          new MetricRegistry());
      factory.start();
      RebuildClient rebuilds = new RebuildClient(ctx.temporal(), names);
      // The rebuild's activities run in this process: --profile samples them as "bench".
      Profiler.Session profile = ctx.profiler.start(measured ? "W4-rebuild" : "W4-warm-up");
      ProcessMeter meter = ProcessMeter.start();
      long start = System.nanoTime();
      rebuilds.start(RebuildInput.fromDatabase());
      RebuildResult result = rebuilds.await(Duration.ofMinutes(60));
      double seconds = (System.nanoTime() - start) / 1e9;
      String usage =
          meter
              .stop()
              .describe(
                  measured
                      ? "W4 rebuild (its activities run in the bench)"
                      : "W4 warm-up rebuild (not measured)",
                  result.loaded());
      profile.stop().forEach(say);
      say.accept(usage);
      return new TimedRebuild(result, seconds, usage);
    } finally {
      factory.shutdown();
      factory.awaitTermination(20, TimeUnit.SECONDS);
    }
  }

  /** A rebuild's result and its seconds from start to end, worker start-up not counted. */
  private record TimedRebuild(RebuildResult result, double seconds, String usage) {}

  /** What W4 leaves for W6: its database, names (the alias now on the rebuilt index) and time. */
  record Rebuilt(
      PlatformNames names,
      Jdbi jdbi,
      String url,
      int products,
      RebuildResult result,
      double seconds,
      double seedSeconds,
      String usage) {}

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    Rebuilt rebuilt = rebuild(ctx, say);
    int products = rebuilt.products();
    PlatformNames names = rebuilt.names();
    String url = rebuilt.url();
    RebuildResult result = rebuilt.result();
    double rebuildSeconds = rebuilt.seconds();
    double seedSeconds = rebuilt.seedSeconds();
    double loadSeconds = result.phaseMillis().getOrDefault("loading", 0L) / 1000.0;
    SearchIndexes indexes = new SearchIndexes(ctx.elasticsearch, names);
    String index = indexes.createIndex(MappingVersion.NEWEST, Instant.now().plusSeconds(1), true);
    long rawStart = System.nanoTime();
    RawBulk.Outcome raw;
    try (SeededRows rows = new SeededRows(ctx.targets, url)) {
      raw =
          new RawBulk(ctx.targets.endpoints().elasticsearchBase())
              .load(index, rows, BATCH, BULK_STREAMS);
    }
    long refreshStart = System.nanoTime();
    indexes.restoreSettings(index);
    double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
    double refreshSeconds = (System.nanoTime() - refreshStart) / 1e9;
    say.accept(
        String.format(
            Locale.ROOT,
            "W4 raw bulk: %,d docs loaded in %.1f s, settings restored and refreshed in %.1f s (%d refused)",
            raw.documents(),
            raw.seconds(),
            refreshSeconds,
            raw.failed()));

    report.row(
        BenchRow.throughput(
            "W4",
            String.format(Locale.ROOT, "rebuild %,d docs: docs/s end to end", products),
            result.loaded() / rebuildSeconds,
            raw.documents() / rawSeconds));
    report.row(
        BenchRow.throughput(
            "W4",
            "rebuild load phase vs raw bulk: docs/s",
            loadSeconds > 0 ? result.loaded() / loadSeconds : Double.NaN,
            raw.perSecond()));
    report.note(
        String.format(
            Locale.ROOT,
            "W4 phases (s): %s; end to end %.1f s. Raw: bulk %.1f s + restore settings/refresh %.1f s = %.1f s. Seed %.1f s.",
            phaseSeconds(result.phaseMillis()),
            rebuildSeconds,
            raw.seconds(),
            refreshSeconds,
            rawSeconds,
            seedSeconds));
    report.note(rebuilt.usage());
    if (!result.validation().ok()) {
      report.note("W4 validation: " + result.validation().summary());
    }
  }

  static String phaseSeconds(Map<String, Long> phaseMillis) {
    StringBuilder b = new StringBuilder();
    phaseMillis.forEach(
        (phase, millis) ->
            b.append(b.length() == 0 ? "" : ", ")
                .append(phase)
                .append(' ')
                .append(String.format(Locale.ROOT, "%.1f", millis / 1000.0)));
    return b.toString();
  }

  /** Multi-row INSERT … SELECT in chunks; time-ordered ids as the API would give them. */
  private static double seed(Jdbi jdbi, UUID seller, int products) {
    long start = System.nanoTime();
    for (int from = 1; from <= products; from += SEED_CHUNK) {
      int to = Math.min(products, from + SEED_CHUNK - 1);
      int first = from;
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO products (id, seller_id, title, price, currency, stock)"
                          + " SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, :seller,"
                          + " 'Wireless Mouse ' || i, 15.99 + (i % 1000), 'USD', i % 500"
                          + " FROM generate_series(:from, :to) AS i")
                  .bind("seller", seller)
                  .bind("from", first)
                  .bind("to", to)
                  .execute());
    }
    // Vacuumed now, not by autovacuum in the middle of the measured rebuild: a million fresh rows
    // cross its insert threshold, and its pass took CPU from the rebuild but not from the raw load
    // after it.
    jdbi.useHandle(h -> h.execute("VACUUM ANALYZE products"));
    return (System.nanoTime() - start) / 1e9;
  }
}
