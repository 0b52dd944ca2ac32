package io.catalog.domain.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The export renames library metrics into Prometheus names, keeps the platform's own, leaves out
 * the rest, and what it writes passes {@code promtool check metrics} (installed by {@code
 * ./platform test}).
 */
class MetricsExportTest {
  static MetricRegistry registryLikeTheApis() {
    MetricRegistry r = new MetricRegistry();
    for (String pool : new String[] {"dw", "dw-admin"}) {
      r.gauge(
          "org.eclipse.jetty.util.thread.QueuedThreadPool." + pool + ".size",
          () -> (Gauge<Integer>) () -> 8);
      r.gauge(
          "org.eclipse.jetty.util.thread.QueuedThreadPool." + pool + ".utilization",
          () -> (Gauge<Double>) () -> 0.25);
      r.gauge(
          "org.eclipse.jetty.util.thread.QueuedThreadPool." + pool + ".jobs",
          () -> (Gauge<Integer>) () -> 0);
    }
    r.gauge(
        "io.dropwizard.db.ManagedPooledDataSource.database.active", () -> (Gauge<Integer>) () -> 3);
    r.gauge(
        "io.dropwizard.db.ManagedPooledDataSource.database.idle", () -> (Gauge<Integer>) () -> 5);
    r.gauge(
        "io.dropwizard.db.ManagedPooledDataSource.database.releasedIdle",
        () -> (Gauge<Long>) () -> 1L);
    for (String level : new String[] {"all", "info", "warn", "error"}) {
      r.meter("ch.qos.logback.core.Appender." + level).mark(level.equals("all") ? 6 : 2);
    }
    r.timer("sql.raw").update(3, TimeUnit.MILLISECONDS);
    r.timer("io.catalog.api.product.ProductsResource.create").update(3, TimeUnit.MILLISECONDS);
    r.meter("io.dropwizard.jetty.MutableServletContextHandler.5xx-responses").mark();
    r.gauge("jvm.threads.count", () -> (Gauge<Integer>) () -> 40);
    r.gauge("TimeBoundHealthCheck-pool.running", () -> (Gauge<Integer>) () -> 0);
    r.meter("outbox_published").mark(7);
    r.gauge("projection.consumer.lag", () -> (Gauge<Long>) () -> 9L);
    r.gauge("projection.consumer.lag.partition.0", () -> (Gauge<Long>) () -> 4L);
    r.gauge("projection.consumer.lag.partition.1", () -> (Gauge<Long>) () -> 5L);
    r.timer("projection.bulk.seconds").update(20, TimeUnit.MILLISECONDS);
    return r;
  }

  static String scrape(MetricsExport export) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    export.write(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void libraryMetricsGetPrometheusNamesWithTheirVariablePartAsALabel() throws Exception {
    String text = scrape(MetricsExport.of(registryLikeTheApis()));

    assertThat(text)
        .contains("jetty_threads{pool=\"dw\"} 8.0", "jetty_threads{pool=\"dw-admin\"} 8.0")
        .contains("jetty_threads_utilization_ratio{pool=\"dw\"} 0.25")
        .contains("db_pool_active_connections{pool=\"database\"} 3.0")
        .contains("db_pool_idle_connections{pool=\"database\"} 5.0")
        .contains("logback_events_total{level=\"warn\"} 2.0")
        .doesNotContain("level=\"all\"")
        .contains("jdbi_statement_seconds_count 1")
        .contains("projection_consumer_partition_lag{partition=\"1\"} 5.0")
        .contains(
            "projection_consumer_lag 9.0",
            "outbox_published_total 7.0",
            "projection_bulk_seconds_count 1")
        .contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current");
  }

  @Test
  void libraryMetricsNamedAfterJavaClassesAndDropwizardsJvmGaugesAreLeftOut() throws Exception {
    String text = scrape(MetricsExport.of(registryLikeTheApis()));

    assertThat(text)
        .doesNotContain("ProductsResource", "MutableServletContextHandler", "TimeBoundHealthCheck")
        .doesNotContain("releasedIdle", "jvm_threads_count", "projection_consumer_lag_partition_");
  }

  @Test
  void promtoolFindsNothingToSay() throws Exception {
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool
        .getOutputStream()
        .write(scrape(MetricsExport.of(registryLikeTheApis())).getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String findings = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(findings).isEmpty();
    assertThat(promtool.exitValue()).isZero();
  }
}
