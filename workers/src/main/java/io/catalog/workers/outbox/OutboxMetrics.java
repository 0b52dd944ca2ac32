package io.catalog.workers.outbox;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.catalog.domain.outbox.OutboxStats;

/**
 * The outbox's metrics in a Dropwizard registry (exported as Prometheus text on /metrics): {@code
 * outbox_published_total} (a meter, so also a rate), {@code outbox_send_failures_total}, {@code
 * outbox_claims_total}, {@code outbox_empty_claims_total} and {@code
 * outbox_claims_from_start_total} (the relay's claims, those that found nothing, and those that
 * walked the pending index from id 0: its cost per event at low rates), and the backlog gauges
 * {@code outbox_pending_rows}, {@code outbox_oldest_pending_age_seconds}, {@code
 * outbox_failed_rows}, which {@link #backlog(OutboxStats)} refreshes.
 */
public final class OutboxMetrics {
  private final Meter published;
  private final Counter sendFailures;
  private final Counter claims;
  private final Counter emptyClaims;
  private final Counter claimsFromStart;
  private volatile OutboxStats backlog = OutboxStats.EMPTY;

  public OutboxMetrics(MetricRegistry registry) {
    published = registry.meter("outbox_published");
    sendFailures = registry.counter("outbox_send_failures");
    claims = registry.counter("outbox_claims");
    emptyClaims = registry.counter("outbox_empty_claims");
    claimsFromStart = registry.counter("outbox_claims_from_start");
    registry.gauge("outbox_pending_rows", () -> (Gauge<Long>) () -> backlog.pending());
    registry.gauge(
        "outbox_oldest_pending_age_seconds",
        () -> (Gauge<Double>) () -> backlog.oldestPendingAgeSeconds());
    registry.gauge("outbox_failed_rows", () -> (Gauge<Long>) () -> backlog.failed());
  }

  /** Metrics that go nowhere (one-shot runs, tests). */
  public static OutboxMetrics unregistered() {
    return new OutboxMetrics(new MetricRegistry());
  }

  void published(int rows) {
    if (rows > 0) {
      published.mark(rows);
    }
  }

  void sendFailures(int rows) {
    if (rows > 0) {
      sendFailures.inc(rows);
    }
  }

  void claimed(int rows, boolean fromStart) {
    claims.inc();
    if (fromStart) {
      claimsFromStart.inc();
    }
    if (rows == 0) {
      emptyClaims.inc();
    }
  }

  public void backlog(OutboxStats stats) {
    backlog = stats;
  }

  public OutboxStats backlog() {
    return backlog;
  }

  public long publishedCount() {
    return published.getCount();
  }

  public long claimCount() {
    return claims.getCount();
  }

  public long emptyClaimCount() {
    return emptyClaims.getCount();
  }

  public long claimFromStartCount() {
    return claimsFromStart.getCount();
  }
}
