package io.catalog.workers.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.catalog.localstack.LocalStack;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.FaultyConsumers;
import io.catalog.workers.testing.ProjectionSlice;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The projection consumer survives what used to end its thread (issue #14, item 1). */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class ProjectionRecoveryIT {
  static FaultyConsumers consumers;
  static ProjectionSlice slice;

  @BeforeAll
  static void start() {
    consumers = new FaultyConsumers(LocalStack.shared().endpoints().kafkaBootstrap());
    slice = ProjectionSlice.start(new MetricRegistry(), consumers);
  }

  @AfterAll
  static void stop() throws Exception {
    slice.close();
  }

  @Test
  void aCommitThatTimesOutRecreatesTheConsumerAndTheReadModelCatchesUp() throws Exception {
    ProductWriters.write(slice.products, 1, 20);
    slice.publisher.publishPending();
    awaitReadModelEqualsDatabase();

    consumers.commitBroken.set(true);
    ProductWriters.write(slice.products, 1, 20);
    slice.publisher.publishPending();
    await().atMost(Duration.ofSeconds(60)).until(() -> consumers.failedCommits.get() >= 1);
    consumers.commitBroken.set(false);

    // Written after the failure: only a consumer that came back can index them.
    ProductWriters.write(slice.products, 1, 20);
    slice.publisher.publishPending();
    awaitReadModelEqualsDatabase();
    assertThat(consumers.created.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aConsumerMadeWhileTheServiceClosesIsClosed() throws Exception {
    AtomicReference<MockConsumer<byte[], byte[]>> made = new AtomicReference<>();
    AtomicReference<ProjectionService> service = new AtomicReference<>();
    service.set(
        new ProjectionService(
            (group, client, max) -> {
              Thread closer = new Thread(() -> close(service.get()));
              closer.start();
              // Spin, not await: the old code interrupted this thread on close.
              long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
              while (closer.getState() != Thread.State.TIMED_WAITING
                  && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              made.set(new MockConsumer<>("earliest"));
              return made.get();
            },
            slice.es,
            slice.dlqProducer,
            slice.stack.names,
            ProjectionService.Settings.defaults(),
            new MetricRegistry()));
    service.get().start();

    await().atMost(Duration.ofSeconds(30)).until(() -> made.get() != null && made.get().closed());
  }

  private static void close(ProjectionService service) {
    try {
      service.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitReadModelEqualsDatabase() {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(slice.stack.readModelDifferences(slice.es)).isEmpty());
  }
}
