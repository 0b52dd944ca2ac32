package io.catalog.workers.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.catalog.workers.dlq.DeadLetterPublisher;
import io.catalog.workers.kafka.ConsumerLoop;
import io.catalog.workers.kafka.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProjectionMetricsTest {

  @Test
  void theLagGaugesExistOnlyWhileTheLoopRuns() throws InterruptedException {
    MetricRegistry registry = new MetricRegistry();
    TopicPartition tp = new TopicPartition("events", 0);
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(tp));
          consumer.updateBeginningOffsets(Map.of(tp, 0L));
          consumer.updateEndOffsets(Map.of(tp, 7L));
          consumer.seek(tp, 0);
        });
    ConsumerLoop loop =
        new ConsumerLoop(
            "projection",
            consumer,
            "events",
            records -> Decision.allApplied(),
            new DeadLetterPublisher(new MockProducer<>(), "dlq", "g"),
            3,
            new ProjectionMetrics(registry));
    Thread thread = new Thread(loop);
    thread.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> registry.getGauges().containsKey("projection.consumer.lag.partition.0"));
    assertThat(registry.getGauges().get("projection.consumer.lag").getValue()).isEqualTo(7L);

    loop.close();
    thread.join();

    assertThat(registry.getGauges().keySet())
        .noneMatch(name -> name.startsWith("projection.consumer.lag"));
  }
}
