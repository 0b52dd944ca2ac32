package io.catalog.domain.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.MetricWithFixedMetadata;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /metrics} of the API and of the workers exports, in Prometheus naming
 * (docs/architecture.md, "Metrics"): the JVM's metrics from the Prometheus client's own JVM
 * instrumentation ({@code jvm_memory_used_bytes}, {@code jvm_threads_current}, …), and the
 * process's Dropwizard registry through one set of renames, so that {@code promtool check metrics}
 * finds nothing to say:
 *
 * <ul>
 *   <li>the platform's own metrics keep their names ({@code outbox_published_total}, {@code
 *       projection_bulk_seconds}, …): they were chosen in Prometheus naming;
 *   <li>library metrics named after Java classes are renamed, their variable part (pool, partition,
 *       level) becoming a label ({@link #RENAMES}, {@link #RENAMED_AS_IS});
 *   <li>everything else from a library (Dropwizard's {@code jvm.*} gauges, Jersey's per-method
 *       timers, Jetty's handler and connection metrics) is left out: the JVM instrumentation and
 *       the API's {@code http_server_requests_seconds} say the same in conventional names.
 * </ul>
 *
 * <p>Collectors that need labels of their own (consumers, workflows) register on {@link
 * #registry()}.
 */
public final class MetricsExport {
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  /**
   * A family of library metrics renamed to one Prometheus name, the part {@code *} matched becoming
   * the value of {@code label}: one series per pool, per partition, per level.
   */
  record Rename(String match, String name, String label, boolean counter, String help) {
    Pattern pattern() {
      return Pattern.compile(Pattern.quote(match).replace("*", "\\E([^.]+)\\Q"));
    }
  }

  static final List<Rename> RENAMES =
      List.of(
          gauge(
              "io.dropwizard.db.ManagedPooledDataSource.*.active",
              "db_pool_active_connections",
              "pool",
              "Connections of the pool in use"),
          gauge(
              "io.dropwizard.db.ManagedPooledDataSource.*.idle",
              "db_pool_idle_connections",
              "pool",
              "Connections of the pool open and idle"),
          gauge(
              "io.dropwizard.db.ManagedPooledDataSource.*.size",
              "db_pool_connections",
              "pool",
              "Connections the pool holds open"),
          gauge(
              "io.dropwizard.db.ManagedPooledDataSource.*.waiting",
              "db_pool_waiting_threads",
              "pool",
              "Threads waiting for a connection of the pool"),
          gauge(
              "org.eclipse.jetty.util.thread.QueuedThreadPool.*.size",
              "jetty_threads",
              "pool",
              "Threads of the Jetty pool"),
          gauge(
              "org.eclipse.jetty.util.thread.QueuedThreadPool.*.utilization",
              "jetty_threads_utilization_ratio",
              "pool",
              "Share of the Jetty pool's threads busy"),
          gauge(
              "org.eclipse.jetty.util.thread.QueuedThreadPool.*.jobs",
              "jetty_queued_jobs",
              "pool",
              "Jobs queued for a thread of the Jetty pool"),
          new Rename(
              "ch.qos.logback.core.Appender.*",
              "logback_events",
              "level",
              true,
              "Log events by level"),
          gauge(
              "projection.consumer.lag.partition.*",
              "projection_consumer_partition_lag",
              "partition",
              "Events of the partition not yet projected, for the partitions this process owns"));

  /** Single library metrics renamed as they are (a timer stays a summary in seconds). */
  static final List<MapperConfig> RENAMED_AS_IS =
      List.of(new MapperConfig("sql.raw", "jdbi_statement_seconds", Map.of()));

  /** A name of the platform's own: lower case, digits, dots and underscores (a dot becomes '_'). */
  private static final Pattern OWN = Pattern.compile("[a-z][a-z0-9_.]*");

  private static final List<Pattern> RENAMED = RENAMES.stream().map(Rename::pattern).toList();

  /**
   * What goes out through {@link DropwizardExports}: the platform's own names and {@link
   * #RENAMED_AS_IS}.
   */
  static final MetricFilter EXPORTED =
      (name, metric) ->
          RENAMED.stream().noneMatch(p -> p.matcher(name).matches())
              && OWN.matcher(name).matches()
              && !name.startsWith("jvm.");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private MetricsExport(MetricRegistry dropwizard) {
    JvmMetrics.builder().register(registry);
    DropwizardExports.builder()
        .dropwizardRegistry(dropwizard)
        .metricFilter(EXPORTED)
        .customLabelMapper(new CustomLabelMapper(RENAMED_AS_IS))
        .register(registry);
    RENAMES.forEach(rename -> register(rename, dropwizard));
  }

  /** A collector's builder named, described and labelled as {@code rename} says. */
  private static <B extends MetricWithFixedMetadata.Builder<B, ?>> B describedAs(
      B builder, Rename rename) {
    return builder.name(rename.name()).help(rename.help()).labelNames(rename.label());
  }

  /** One collector per family, reading the matching Dropwizard metrics at each scrape. */
  private void register(Rename rename, MetricRegistry dropwizard) {
    Pattern pattern = rename.pattern();
    MetricFilter matching = (name, metric) -> pattern.matcher(name).matches();
    if (rename.counter()) {
      describedAs(CounterWithCallback.builder(), rename)
          .callback(
              cb ->
                  dropwizard
                      .getMeters(matching)
                      .forEach(
                          (name, meter) -> {
                            String part = part(pattern, name);
                            if (!part.equals("all")) { // the sum of the others
                              cb.call(meter.getCount(), part);
                            }
                          }))
          .register(registry);
    } else {
      describedAs(GaugeWithCallback.builder(), rename)
          .callback(
              cb ->
                  dropwizard
                      .getGauges(matching)
                      .forEach(
                          (name, gauge) -> {
                            if (gauge.getValue() instanceof Number value) {
                              cb.call(value.doubleValue(), part(pattern, name));
                            }
                          }))
          .register(registry);
    }
  }

  private static String part(Pattern pattern, String name) {
    Matcher m = pattern.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  public static MetricsExport of(MetricRegistry dropwizard) {
    return new MetricsExport(dropwizard);
  }

  /** Where collectors with labels of their own register. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Writes one scrape in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  private static Rename gauge(String match, String name, String label, String help) {
    return new Rename(match, name, label, false, help);
  }
}
