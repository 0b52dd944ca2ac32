package io.catalog.workers.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.workers.dlq.DeadLetterPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipelined loop of an order-insensitive handler: the next batches are handled while the first
 * is still being written, yet offsets are committed in poll order and only for finished batches.
 */
class ConsumerLoopPipelineTest {
  private static final String TOPIC = "events";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  /** The offsets committed for partition 0, in the order the loop committed them. */
  private final List<Long> commits = new CopyOnWriteArrayList<>();

  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
          OffsetAndMetadata p0 = offsets.get(P0);
          if (p0 != null) {
            commits.add(p0.offset());
          }
          super.commitSync(offsets);
        }
      };
  private final CountDownLatch firstMayEnd = new CountDownLatch(1);
  private final List<Long> started = new CopyOnWriteArrayList<>();
  private ConsumerLoop loop;
  private Thread thread;

  @AfterEach
  void stop() throws InterruptedException {
    firstMayEnd.countDown();
    if (loop != null) {
      loop.close();
      thread.join(10_000);
    }
  }

  @Test
  void theNextBatchesAreHandledWhileTheFirstIsWrittenAndCommitsFollowPollOrder() {
    // A first batch of three records, then batches of two: as many as the loop holds at once.
    consumer.schedulePollTask(() -> assign(List.of(P0), 0, 1, 2));
    List<Long> firstOffsets = new ArrayList<>(List.of(0L));
    List<Long> expectedCommits = new ArrayList<>(List.of(3L));
    for (int b = 1; b < Appliers.DEPTH; b++) {
      long first = 1 + 2L * b;
      consumer.schedulePollTask(() -> add(P0, first, first + 1));
      firstOffsets.add(first);
      expectedCommits.add(first + 2);
    }
    run(new BlockingFirstBatch(true));

    await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == Appliers.DEPTH);
    // Each batch is handled on its own applier thread: they start in whichever order the threads
    // run (this assertion once saw [3, 0, 5]); what the loop orders is the commits.
    assertThat(started).containsExactlyInAnyOrderElementsOf(firstOffsets);
    assertThat(committed(P0)).as("nothing committed while the first batch is written").isNull();

    firstMayEnd.countDown();

    long last = expectedCommits.get(expectedCommits.size() - 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> committed(P0) != null && committed(P0) == last);
    assertThat(commits).as("one commit per batch, in poll order").isEqualTo(expectedCommits);
  }

  @Test
  void aBatchWhosePartitionIsRevokedWhileTheNextArePolledIsNotCommittedAndAllAreReadAgain() {
    consumer.schedulePollTask(() -> assign(List.of(P0, P1), 0, 1));
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P1)); // P0 goes to another member mid-batch
          add(P1, 0);
        });
    for (int b = 2; b < Appliers.DEPTH; b++) {
      long first = 2L * b - 3;
      consumer.schedulePollTask(() -> add(P1, first, first + 1));
    }
    run(new BlockingFirstBatch(true));
    await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == Appliers.DEPTH);

    firstMayEnd.countDown();

    // The first batch's partition is gone, so it is not committed; the batches handled ahead of
    // it are dropped and their partition rewound to the earliest of them, to be read again.
    await().atMost(Duration.ofSeconds(10)).until(() -> position(P1) == 0);
    assertThat(committed(P0)).isNull();
    assertThat(committed(P1)).isNull();
  }

  private void run(BatchHandler handler) {
    loop =
        new ConsumerLoop(
            "test",
            consumer,
            TOPIC,
            handler,
            new DeadLetterPublisher(new MockProducer<>(), "dlq", "g"),
            3,
            new ConsumerLoop.Listener() {});
    thread = new Thread(loop, "loop");
    thread.start();
  }

  /** Blocks the batch starting at offset 0 of partition 0 until the test lets it end. */
  private final class BlockingFirstBatch implements BatchHandler {
    private final boolean orderInsensitive;

    BlockingFirstBatch(boolean orderInsensitive) {
      this.orderInsensitive = orderInsensitive;
    }

    @Override
    public Decision handle(List<ConsumerRecord<byte[], byte[]>> records) {
      ConsumerRecord<byte[], byte[]> first = records.get(0);
      started.add(first.offset());
      if (first.partition() == 0 && first.offset() == 0) {
        try {
          firstMayEnd.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Decision.allApplied();
    }

    @Override
    public boolean orderInsensitive() {
      return orderInsensitive;
    }
  }

  private void assign(List<TopicPartition> partitions, long... offsetsOnP0) {
    consumer.rebalance(partitions);
    partitions.forEach(tp -> consumer.updateBeginningOffsets(Map.of(tp, 0L)));
    partitions.forEach(tp -> consumer.seek(tp, 0));
    add(P0, offsetsOnP0);
  }

  private void add(TopicPartition tp, long... offsets) {
    for (long offset : offsets) {
      consumer.addRecord(
          new ConsumerRecord<>(TOPIC, tp.partition(), offset, new byte[0], new byte[0]));
    }
  }

  private Long committed(TopicPartition tp) {
    OffsetAndMetadata at = consumer.committed(Set.of(tp)).get(tp);
    return at == null ? null : at.offset();
  }

  private long position(TopicPartition tp) {
    return consumer.position(tp);
  }
}
