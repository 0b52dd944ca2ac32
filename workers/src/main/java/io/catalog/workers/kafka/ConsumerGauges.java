package io.catalog.workers.kafka;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each consumer's liveness as metrics, read from {@link ConsumerSupervisor#status()} at every
 * scrape: {@code consumer_up{consumer}} (1 while its loop runs, 0 while it is down or being
 * restarted), {@code consumer_last_poll_age_seconds{consumer}} (absent before the first poll) and
 * {@code consumer_restarts_total{consumer}}. The same status is what {@code /health} reports, so
 * the alert and the health check cannot disagree.
 */
public final class ConsumerGauges {
  private ConsumerGauges() {}

  public static void register(
      PrometheusRegistry registry, Supplier<List<ConsumerSupervisor.Status>> consumers) {
    GaugeWithCallback.builder()
        .name("consumer_up")
        .help("1 while the consumer's poll loop runs, 0 while it is down or restarting")
        .labelNames("consumer")
        .callback(cb -> consumers.get().forEach(s -> cb.call(s.running() ? 1 : 0, s.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("consumer_last_poll_age_seconds")
        .help("Seconds since the consumer's last poll returned")
        .labelNames("consumer")
        .callback(
            cb ->
                consumers.get().stream()
                    .filter(s -> s.lastPollAge() != null)
                    .forEach(s -> cb.call(s.lastPollAge().toMillis() / 1000.0, s.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("consumer_restarts_total")
        .help("Times the consumer was recreated after its loop failed")
        .labelNames("consumer")
        .callback(cb -> consumers.get().forEach(s -> cb.call(s.restarts(), s.name())))
        .register(registry);
  }
}
