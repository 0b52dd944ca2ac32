package io.catalog.cli.bench;

import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.ConsumerLoop;
import io.catalog.workers.kafka.Decision;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** W3's view of one consumer loop: when its first batch came, how many it applied, when all. */
final class LoopProgress implements ConsumerLoop.Listener {
  final AtomicLong firstBatchAt = new AtomicLong();
  final AtomicLong applied = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  final CountDownLatch done = new CountDownLatch(1);
  private final int events;

  LoopProgress(int events) {
    this.events = events;
  }

  @Override
  public void applied(int records) {
    if (applied.addAndGet(records) >= events) {
      done.countDown();
    }
  }

  @Override
  public void deadLettered(int records) {
    deadLettered.addAndGet(records);
  }

  /** {@code handler}, noting when the first batch reaches it; as order-insensitive as it is. */
  BatchHandler timing(BatchHandler handler) {
    return new BatchHandler() {
      @Override
      public Decision handle(List<ConsumerRecord<byte[], byte[]>> records) {
        firstBatchAt.compareAndSet(0, System.nanoTime());
        batches.incrementAndGet();
        return handler.handle(records);
      }

      @Override
      public boolean orderInsensitive() {
        return handler.orderInsensitive();
      }
    };
  }
}
