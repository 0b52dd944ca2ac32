package io.catalog.workers.reconcile;

import io.catalog.workflows.reconcile.DriftClass;
import io.catalog.workflows.reconcile.ReconcileProgress;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What reconciliation runs found and mended, as this worker process saw the runs it finished:
 * {@code reconciliation_drift_found_total{class}}, {@code reconciliation_repaired_total}, {@code
 * reconciliation_runs_total{mode}} and {@code reconciliation_last_run_timestamp_seconds} (the panel
 * and the alert read its age across processes with {@code time() - max(...)}).
 */
public final class ReconcileMetrics {
  private final Counter drift =
      Counter.builder()
          .name("reconciliation_drift_found_total")
          .help("Differences between the database and the index confirmed by a reconciliation")
          .labelNames("class")
          .build();
  private final Counter repaired =
      Counter.builder()
          .name("reconciliation_repaired_total")
          .help("Documents a reconciliation rewrote from their rows or removed")
          .build();
  private final Counter runs =
      Counter.builder()
          .name("reconciliation_runs_total")
          .help("Reconciliation runs finished, by mode (repair or dry_run)")
          .labelNames("mode")
          .build();
  private volatile double lastRunSeconds;
  private final GaugeWithCallback lastRun =
      GaugeWithCallback.builder()
          .name("reconciliation_last_run_timestamp_seconds")
          .help("When the last reconciliation finished on this process (Unix time); absent before")
          .callback(
              cb -> {
                double at = this.lastRunSeconds;
                if (at > 0) cb.call(at);
              })
          .build();

  public ReconcileMetrics() {
    for (DriftClass c : DriftClass.values()) {
      drift.labelValues(c.wireName());
    }
  }

  public void register(PrometheusRegistry registry) {
    registry.register(drift);
    registry.register(repaired);
    registry.register(runs);
    registry.register(lastRun);
  }

  void record(ReconcileProgress result) {
    for (DriftClass c : DriftClass.values()) {
      drift.labelValues(c.wireName()).inc(result.drift().get(c));
    }
    repaired.inc(result.repaired());
    runs.labelValues(result.dryRun() ? "dry_run" : "repair").inc();
    lastRunSeconds = System.currentTimeMillis() / 1000.0;
  }
}
