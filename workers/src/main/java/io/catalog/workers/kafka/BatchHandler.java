package io.catalog.workers.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The pure half of a consumer: applies records, says which to retry and which are poison. */
public interface BatchHandler {
  /**
   * Applies the records (in order). Must be idempotent: after a crash or a rebalance the same
   * records come again. Throwing means "nothing is known to be applied; retry the batch".
   */
  Decision handle(List<ConsumerRecord<byte[], byte[]>> records);

  /**
   * True when batches may be applied side by side and in either order, because what is applied last
   * cannot undo what is newer (the projection's external versions): {@link ConsumerLoop} then
   * handles the next batch while the current one is written, and must be thread-safe. Commands,
   * which check the product's current version, are applied strictly in order.
   */
  default boolean orderInsensitive() {
    return false;
  }
}
