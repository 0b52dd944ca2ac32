package io.catalog.workers.kafka;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka producers' own metrics that an on-call engineer reads first, in Prometheus naming and
 * base units, by {@code client} (the outbox relay's producer, the dead-letter producer): {@code
 * kafka_producer_records_sent_total}, {@code kafka_producer_record_errors_total}, {@code
 * kafka_producer_record_retries_total}, {@code kafka_producer_request_latency_seconds} (the
 * client's average) and {@code kafka_producer_buffer_available_bytes}. Read from {@link
 * Producer#metrics()} at each scrape.
 */
public final class ProducerGauges {
  private ProducerGauges() {}

  public static void register(PrometheusRegistry registry, Map<String, Producer<?, ?>> producers) {
    counter(
        registry,
        producers,
        "kafka_producer_records_sent",
        "record-send-total",
        "Records the producer sent");
    counter(
        registry,
        producers,
        "kafka_producer_record_errors",
        "record-error-total",
        "Records whose send failed");
    counter(
        registry,
        producers,
        "kafka_producer_record_retries",
        "record-retry-total",
        "Record sends retried");
    gauge(
        registry,
        producers,
        "kafka_producer_request_latency_seconds",
        "request-latency-avg",
        0.001,
        "Average produce request latency (the client's window)");
    gauge(
        registry,
        producers,
        "kafka_producer_buffer_available_bytes",
        "buffer-available-bytes",
        1,
        "Bytes of the producer's buffer not in use");
  }

  private static void counter(
      PrometheusRegistry registry,
      Map<String, Producer<?, ?>> producers,
      String name,
      String kafkaName,
      String help) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("client")
        .callback(cb -> byClient(producers, kafkaName, 1, (v, client) -> cb.call(v, client)))
        .register(registry);
  }

  private static void gauge(
      PrometheusRegistry registry,
      Map<String, Producer<?, ?>> producers,
      String name,
      String kafkaName,
      double scale,
      String help) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("client")
        .callback(cb -> byClient(producers, kafkaName, scale, (v, client) -> cb.call(v, client)))
        .register(registry);
  }

  /** Each producer's {@code kafkaName} times {@code scale}, with its client; none without it. */
  private static void byClient(
      Map<String, Producer<?, ?>> producers,
      String kafkaName,
      double scale,
      BiConsumer<Double, String> call) {
    producers.forEach(
        (client, p) -> {
          Double v = value(p, kafkaName);
          if (v != null) {
            call.accept(v * scale, client);
          }
        });
  }

  /**
   * The producer-level metric of that name; null when absent or not a finite number (NaN before any
   * request).
   */
  static Double value(Producer<?, ?> producer, String kafkaName) {
    for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals(kafkaName)
          && n.group().equals("producer-metrics")
          && e.getValue().metricValue() instanceof Number number) {
        double d = number.doubleValue();
        return Double.isFinite(d) ? d : null;
      }
    }
    return null;
  }
}
