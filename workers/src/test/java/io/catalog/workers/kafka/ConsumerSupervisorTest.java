package io.catalog.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.workers.dlq.DeadLetterPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The supervisor's restart logic on MockConsumers; the real-broker cases are in the ITs. */
class ConsumerSupervisorTest {
  private static final String TOPIC = "t";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private final List<MockConsumer<byte[], byte[]>> made = new CopyOnWriteArrayList<>();
  private ConsumerSupervisor supervisor;

  @AfterEach
  void stop() throws InterruptedException {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  @Test
  void aFailedLoopIsRecreatedWithANewConsumerAndReportsWhy() {
    AtomicBoolean failing = new AtomicBoolean(true);
    supervisor =
        start(
            listener -> {
              MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
              if (failing.get()) {
                consumer.setPollException(new RebalanceInProgressException("injected"));
              }
              return loop(consumer, records -> Decision.allApplied(), listener);
            });

    await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.status().restarts() >= 2);
    assertThat(supervisor.status().lastError())
        .isEqualTo(RebalanceInProgressException.class.getName());
    assertThat(made.get(0).closed()).isTrue();

    failing.set(false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> supervisor.status().problem(Duration.ofSeconds(5)) == null);
    assertThat(supervisor.status().running()).isTrue();
  }

  @Test
  void aCommitThatTimesOutIsRetriedByANewMemberFromTheCommittedOffset() {
    AtomicLong committed = new AtomicLong();
    AtomicBoolean commitBroken = new AtomicBoolean(true);
    List<Long> applied = new CopyOnWriteArrayList<>();
    supervisor =
        start(
            listener -> {
              MockConsumer<byte[], byte[]> consumer =
                  new MockConsumer<>("earliest") {
                    @Override
                    public synchronized void commitSync(
                        Map<TopicPartition, OffsetAndMetadata> offsets) {
                      if (commitBroken.getAndSet(false)) {
                        throw new TimeoutException(
                            "Timeout of 60000ms expired before successfully committing offsets");
                      }
                      committed.set(offsets.get(TP).offset());
                    }
                  };
              // What a broker does for a new member: assign, and start at the committed offset.
              consumer.schedulePollTask(
                  () -> {
                    consumer.rebalance(List.of(TP));
                    consumer.seek(TP, committed.get());
                    for (long offset = committed.get(); offset < 5; offset++) {
                      consumer.addRecord(
                          new ConsumerRecord<>(TOPIC, 0, offset, null, new byte[] {(byte) offset}));
                    }
                  });
              return loop(
                  consumer,
                  records -> {
                    records.forEach(r -> applied.add(r.offset()));
                    return Decision.allApplied();
                  },
                  listener);
            });

    await().atMost(Duration.ofSeconds(10)).until(() -> committed.get() == 5);
    assertThat(supervisor.status().restarts()).isEqualTo(1);
    assertThat(supervisor.status().lastError()).isEqualTo(TimeoutException.class.getName());
    // The uncommitted batch came again in full: nothing skipped.
    assertThat(applied).containsExactly(0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void aConsumerMadeWhileClosingIsClosed() throws InterruptedException {
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch closeCalled = new CountDownLatch(1);
    supervisor =
        start(
            listener -> {
              building.countDown();
              closeCalled.await();
              return loop(
                  new MockConsumer<>("earliest"), records -> Decision.allApplied(), listener);
            });
    building.await();
    Thread closer = new Thread(() -> close(supervisor));
    closer.start();
    await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    closeCalled.countDown();
    closer.join();
    supervisor = null;

    assertThat(made).hasSize(1);
    assertThat(made.get(0).closed()).isTrue();
  }

  private ConsumerSupervisor start(ConsumerSupervisor.LoopFactory factory) {
    return new ConsumerSupervisor(
            "test",
            factory,
            new ConsumerLoop.Listener() {},
            Duration.ofMillis(10),
            Duration.ofMillis(100))
        .start();
  }

  private ConsumerLoop loop(
      MockConsumer<byte[], byte[]> consumer, BatchHandler handler, ConsumerLoop.Listener listener) {
    made.add(consumer);
    return new ConsumerLoop(
        "test",
        consumer,
        TOPIC,
        handler,
        new DeadLetterPublisher(new MockProducer<>(), "dlq", "g"),
        1,
        listener);
  }

  private static void close(ConsumerSupervisor supervisor) {
    try {
      supervisor.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
