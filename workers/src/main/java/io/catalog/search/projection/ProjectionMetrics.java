package io.catalog.search.projection;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.catalog.kafka.ConsumerLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Projection metrics, exported as {@code projection_documents_total}, {@code
 * projection_bulk_seconds}, {@code projection_consumer_lag}, {@code dlq_records_total} and one
 * {@code projection_consumer_lag_partition_<n>} gauge per partition seen.
 */
public final class ProjectionMetrics implements ConsumerLoop.Listener {
  private final MetricRegistry registry;
  private final Meter documents;
  private final Counter deadLettered;
  private final Timer bulk;
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

  public ProjectionMetrics(MetricRegistry registry) {
    this.registry = registry;
    documents = registry.meter("projection.documents");
    deadLettered = registry.counter("dlq.records");
    bulk = registry.timer("projection.bulk.seconds");
    registry.gauge("projection.consumer.lag", () -> () -> lag.values().stream().mapToLong(Long::longValue).sum());
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

  @Override
  public void lag(Map<TopicPartition, Long> lagByPartition) {
    lag.keySet().retainAll(lagByPartition.keySet());
    lag.putAll(lagByPartition);
    for (TopicPartition tp : lagByPartition.keySet()) {
      String name = "projection.consumer.lag.partition." + tp.partition();
      if (!registry.getGauges().containsKey(name)) {
        registry.gauge(name, () -> (Gauge<Long>) () -> lag.getOrDefault(tp, 0L));
      }
    }
  }
}
