package io.catalog.workers.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.Decision;
import io.catalog.workflows.replay.ReplayActivities;
import io.catalog.workflows.replay.ReplayBatchRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The apply activity's writer threads, over a simulated topic of two partitions: none outlives an
 * activity, and a failed activity ends only once every writer of that attempt has stopped, so
 * Temporal's retry is never a second writer of the same partition.
 */
class ReplayActivitiesImplTest {
  private static final String TOPIC = "product.events";
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  private ReplayActivities activities(BatchHandler handler) {
    env.registerActivitiesImplementations(
        new ReplayActivitiesImpl(
            handler, (clientId, max) -> twoPartitions(), PlatformNames.DEFAULT));
    return env.newActivityStub(
        ReplayActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  /** Offsets 0 and 1 of partitions 0 and 1, delivered by the first poll. */
  private static MockConsumer<byte[], byte[]> twoPartitions() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.schedulePollTask(
        () -> {
          for (int p = 0; p < 2; p++) {
            for (long o = 0; o < 2; o++) {
              consumer.addRecord(new ConsumerRecord<>(TOPIC, p, o, new byte[] {1}, new byte[] {2}));
            }
          }
        });
    return consumer;
  }

  private static ReplayBatchRequest request() {
    return new ReplayBatchRequest(
        TOPIC, new TreeMap<>(Map.of(0, 0L, 1, 0L)), new TreeMap<>(Map.of(0, 2L, 1, 2L)), 10, 10);
  }

  private static boolean writerThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals("replay-bulk"));
  }

  @Test
  void noWriterThreadOutlivesTheActivity() {
    ReplayActivities replay = activities(records -> Decision.allApplied());

    for (int i = 0; i < 3; i++) {
      assertThat(replay.applyBatch(request()).records()).isEqualTo(4);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> !writerThreadsAlive());
  }

  @Test
  void aFailedWriterEndsTheActivityOnlyAfterTheOtherPartitionsWriterStopped() {
    AtomicInteger writing = new AtomicInteger();
    CountDownLatch partitionOneWriting = new CountDownLatch(1);
    ReplayActivities replay =
        activities(
            records -> {
              if (records.get(0).partition() == 0) {
                awaitLatch(partitionOneWriting);
                throw new OutOfMemoryError("simulated: the writer of partition 0 dies");
              }
              writing.incrementAndGet();
              partitionOneWriting.countDown();
              try {
                blockIgnoringInterrupts(Duration.ofMillis(1500)); // a bulk request in flight
              } finally {
                writing.decrementAndGet();
              }
              return Decision.allApplied();
            });

    assertThatThrownBy(() -> replay.applyBatch(request()))
        .isInstanceOf(ActivityFailure.class)
        .rootCause()
        .hasMessageContaining("partition 0 dies");

    assertThat(writing).as("writers of the failed attempt still running").hasValue(0);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Like a blocking HTTP call: an interrupt does not end it early. */
  private static void blockIgnoringInterrupts(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    boolean interrupted = false;
    while (System.nanoTime() < end) {
      interrupted |= Thread.interrupted();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
