package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * W5: write→searchable latency through the whole running platform (API, outbox, publisher workflow,
 * Kafka, projection consumer, Elasticsearch refresh) at fixed offered write rates. Each write is a
 * {@code POST /products}; a poller asks Elasticsearch every {@value #POLL_MS} ms, with one {@code
 * _mget ?realtime=false} through the platform's alias, which of the pending products are visible at
 * their version. {@code realtime=false} reads only what a refresh made visible to search, so
 * "visible" here means "searchable". Latency runs from the write's due time to the poll that first
 * saw it.
 */
final class W5Searchable implements Workload.Body {
  static final int POLL_MS = 20;
  private static final int MGET_MAX = 2000;
  private static final int OPEN_LOOP_THREADS = 64;

  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    ApiClient api = new ApiClient(ctx.targets.apiBase());
    warmUp(ctx, api, say);
    for (double rate : ctx.plan.w5Rates()) {
      ctx.awaitQuiet(Duration.ofMinutes(2));
      Latencies latencies = new Latencies();
      Map<String, long[]> pending = new ConcurrentHashMap<>(); // id -> {due, version}
      Poller poller = new Poller(ctx, pending, latencies);
      Thread thread = new Thread(poller, "bench-visibility");
      thread.start();
      LoadRunner.Outcome writes;
      long missing;
      try {
        OpenLoopSchedule schedule = OpenLoopSchedule.of(rate, ctx.plan.curveSeconds());
        writes =
            LoadRunner.openLoop(
                schedule,
                OPEN_LOOP_THREADS,
                Duration.ofSeconds(ctx.plan.curveSeconds() + 10L),
                (i, due) -> {
                  ApiClient.Created created = api.create(ctx.apiSeller);
                  pending.put(created.id().toString(), new long[] {due, created.version()});
                });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50); // the poller thread empties the map
        }
      } finally {
        poller.stop();
        thread.join(10_000);
      }
      missing = pending.size();
      CurvePoint point = CurvePoint.of("W5", rate, writes.perSecond(), latencies);
      report.point(point, "write→searchable");
      say.accept(
          point.offeredAndAchieved()
              + String.format(
                  Locale.ROOT,
                  ", p50 %.0f ms, p99 %.0f ms, %d never visible in 60 s%s",
                  point.p50Ms(),
                  point.p99Ms(),
                  missing,
                  poller.error == null ? "" : ", poll error " + poller.error));
      if (missing > 0 || writes.failed() > 0) {
        report.failure(
            "W5",
            String.format(
                Locale.ROOT,
                "at %.0f/s: %d writes failed, %d never searchable within 60 s",
                rate,
                writes.failed(),
                missing));
      }
    }
  }

  /**
   * One unmeasured point at the highest rate first: the API, the relay and the projection run the
   * whole write path compiled before the first measured write (W1 warms the API the same way), not
   * just what an earlier workload left warm. Its writes are projected like the rest; each point's
   * {@code awaitQuiet} waits them out.
   */
  private static void warmUp(BenchContext ctx, ApiClient api, Consumer<String> say)
      throws InterruptedException {
    double rate = ctx.plan.w5Rates().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (rate <= 0) {
      return;
    }
    LoadRunner.Outcome warm =
        LoadRunner.openLoop(
            OpenLoopSchedule.of(rate, ctx.plan.curveSeconds()),
            OPEN_LOOP_THREADS,
            Duration.ofSeconds(ctx.plan.curveSeconds() + 10L),
            (i, due) -> api.create(ctx.apiSeller));
    say.accept(
        String.format(
            Locale.ROOT,
            "W5 warm-up: %.0f/s offered for %d s, %.0f/s achieved, %d failed, not measured",
            rate,
            ctx.plan.curveSeconds(),
            warm.perSecond(),
            warm.failed()));
  }

  /** Polls the alias for every pending product until stopped. */
  private static final class Poller implements Runnable {
    private final BenchContext ctx;
    private final Map<String, long[]> pending;
    private final Latencies latencies;
    private volatile boolean running = true;
    private volatile String error;

    Poller(BenchContext ctx, Map<String, long[]> pending, Latencies latencies) {
      this.ctx = ctx;
      this.pending = pending;
      this.latencies = latencies;
    }

    @Override
    public void run() {
      String path = "/" + ctx.platformNames.searchAlias() + "/_mget?realtime=false&_source=false";
      while (running) {
        long next = System.nanoTime() + POLL_MS * 1_000_000L;
        List<String> ids = new ArrayList<>(pending.keySet());
        for (int from = 0; from < ids.size(); from += MGET_MAX) {
          List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MGET_MAX));
          try {
            JsonNode answer = ctx.elastic.post(path, "{\"ids\":" + Json.write(chunk) + "}");
            long seenAt = System.nanoTime();
            for (JsonNode doc : answer.path("docs")) {
              long[] wanted = pending.get(doc.path("_id").asText());
              if (wanted != null
                  && doc.path("found").asBoolean()
                  && doc.path("_version").asLong() >= wanted[1]) {
                latencies.recordNanos(seenAt - wanted[0]);
                pending.remove(doc.path("_id").asText());
              }
            }
          } catch (Exception e) {
            error = e.toString();
          }
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }

    void stop() {
      running = false;
    }
  }
}
