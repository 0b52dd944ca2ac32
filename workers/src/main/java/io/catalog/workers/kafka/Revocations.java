package io.catalog.workers.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions a rebalance took from the member, and when, counted in revocations: a batch
 * notes {@link #now()} when it is polled and is stale once any of its partitions was revoked after
 * that, even if the partition came back since. With several batches in hand (a pipelined loop) a
 * revocation seen while finishing one must not be forgotten when the next is polled, so nothing is
 * ever cleared: a later batch simply notes a later count.
 */
final class Revocations implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(Revocations.class);

  private final String name;
  private final Map<TopicPartition, Long> lag;
  private final AtomicLong count = new AtomicLong();
  private final Map<TopicPartition, Long> revokedAt = new ConcurrentHashMap<>();

  /**
   * @param lag the loop's lag by partition: a revoked partition's entry goes, its lag is no longer
   *     this member's to report
   */
  Revocations(String name, Map<TopicPartition, Long> lag) {
    this.name = name;
    this.lag = lag;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    long at = count.incrementAndGet();
    partitions.forEach(
        tp -> {
          revokedAt.put(tp, at);
          lag.remove(tp);
        });
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    log.info("{}: assigned {}", name, partitions);
  }

  /** The revocations so far: what a batch polled now notes. */
  long now() {
    return count.get();
  }

  /** Whether a partition of {@code batch} was revoked after {@code polledAt}. */
  boolean since(long polledAt, List<ConsumerRecord<byte[], byte[]>> batch) {
    if (count.get() == polledAt) {
      return false;
    }
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      if (revokedAt.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L) > polledAt) {
        return true;
      }
    }
    return false;
  }
}
