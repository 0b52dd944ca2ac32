package io.catalog.cli.bench;

import io.catalog.operations.reconcile.ReconcileClient;
import io.catalog.workers.rebuild.RebuildWorkers;
import io.catalog.workers.reconcile.ReconcileMetrics;
import io.catalog.workers.reconcile.ReconcileWorkers;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.reconcile.ReconcileProgress;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * W6: a drift reconciliation of the products W4 rebuilt, with no drift, against W4's rebuild of the
 * same products in the same run (the baseline: the cure it saves). Runs W4's seed and rebuild first
 * when W4 is not part of the run. {@code SearchReconciliationWorkflow} through {@link
 * ReconcileClient}, its activities on a worker in this process on W4's task queue.
 */
final class W6Reconcile implements Workload.Body {
  @Override
  public void run(BenchContext ctx, BenchReport report, Consumer<String> say) throws Exception {
    W4Rebuild.Rebuilt rebuilt = W4Rebuild.rebuild(ctx, say);
    ReconcileProgress result;
    double seconds;
    WorkerFactory factory = WorkerFactory.newInstance(ctx.temporal());
    try {
      Worker worker =
          factory.newWorker(
              rebuilt.names().projectionOpsTaskQueue(), RebuildWorkers.workerOptions());
      ReconcileWorkers.register(
          worker, rebuilt.jdbi(), ctx.elasticsearch, rebuilt.names(), new ReconcileMetrics());
      factory.start();
      ReconcileClient runs = new ReconcileClient(ctx.temporal(), rebuilt.names());
      long start = System.nanoTime();
      runs.start(ReconcileInput.empty());
      result = runs.await(Duration.ofMinutes(30));
      seconds = (System.nanoTime() - start) / 1e9;
    } finally {
      factory.shutdown();
      factory.awaitTermination(20, TimeUnit.SECONDS);
    }
    say.accept(
        String.format(
            Locale.ROOT,
            "W6 reconcile: %,d products in %.1f s (%s), W4 rebuild %.1f s",
            rebuilt.products(),
            seconds,
            result.details(),
            rebuilt.seconds()));
    report.row(
        BenchRow.throughput(
            "W6",
            String.format(
                Locale.ROOT,
                "reconcile %,d docs, no drift: docs/s (baseline: the W4 rebuild)",
                rebuilt.products()),
            rebuilt.products() / seconds,
            rebuilt.products() / rebuilt.seconds()));
    report.note(
        String.format(
            Locale.ROOT,
            "W6: %.1f s for %d buckets (%d differing), %.2f× the W4 rebuild's %.1f s.",
            seconds,
            result.bucketsTotal(),
            result.bucketsDiffering(),
            seconds / rebuilt.seconds(),
            rebuilt.seconds()));
    if (result.drift().total() > 0) {
      report.failure("W6", "drift found where there is none: " + result.details());
    }
  }
}
