package io.catalog.workers.projection;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.catalog.workers.kafka.ConsumerLoop;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Projection metrics, exported as {@code projection_documents_total}, {@code
 * projection_bulk_seconds}, {@code projection_consumer_lag}, {@code dlq_records_total} and {@code
 * projection_consumer_partition_lag{partition}} for each partition owned. The lag gauges exist only
 * while the loop runs: a stopped consumer's last lag would read as "caught up" or "stuck" when it
 * is neither (docs/architecture.md, "Consumers").
 */
public final class ProjectionMetrics implements ConsumerLoop.Listener {
  private final MetricRegistry registry;
  private final Meter documents;
  private final Counter deadLettered;
  private final Timer bulk;
  private static final String LAG = "projection.consumer.lag";
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

  /** Partitions whose gauges are registered; only the consumer thread changes it. */
  private volatile Set<TopicPartition> registered = Set.of();

  public ProjectionMetrics(MetricRegistry registry) {
    this.registry = registry;
    documents = registry.meter("projection.documents");
    deadLettered = registry.counter("dlq.records");
    bulk = registry.timer("projection.bulk.seconds");
  }

  public Timer bulk() {
    return bulk;
  }

  @Override
  public void applied(int records) {
    documents.mark(records);
  }

  @Override
  public void deadLettered(int records) {
    deadLettered.inc(records);
  }

  /**
   * Called after every poll. The gauges read {@link #lag}; they are registered and removed only
   * when the set of owned partitions changes, not on every poll.
   */
  @Override
  public void lag(Map<TopicPartition, Long> lagByPartition) {
    lag.keySet().retainAll(lagByPartition.keySet());
    lag.putAll(lagByPartition);
    if (registered.equals(lagByPartition.keySet())) {
      return;
    }
    registry.gauge(LAG, () -> () -> lag.values().stream().mapToLong(Long::longValue).sum());
    for (TopicPartition tp : lagByPartition.keySet()) {
      registry.gauge(partitionGauge(tp), () -> (Gauge<Long>) () -> lag.getOrDefault(tp, 0L));
    }
    registered.stream()
        .filter(tp -> !lagByPartition.containsKey(tp))
        .map(ProjectionMetrics::partitionGauge)
        .forEach(registry::remove);
    registered = Set.copyOf(lagByPartition.keySet());
  }

  @Override
  public void stopped() {
    lag.clear();
    registered = Set.of();
    registry.removeMatching((name, metric) -> name.startsWith(LAG));
  }

  private static String partitionGauge(TopicPartition tp) {
    return LAG + ".partition." + tp.partition();
  }
}
