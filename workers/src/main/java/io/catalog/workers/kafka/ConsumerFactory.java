package io.catalog.workers.kafka;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * Makes the consumer of one group member. A supervisor calls it again for every restart, so each
 * attempt gets a fresh client; tests wrap {@link #kafka} to inject faults into a real consumer.
 */
@FunctionalInterface
public interface ConsumerFactory {
  Consumer<byte[], byte[]> create(String groupId, String clientId, int maxPollRecords);

  /** Real consumers with the platform's settings ({@link Consumers#create}). */
  static ConsumerFactory kafka(String bootstrap) {
    return (groupId, clientId, maxPollRecords) ->
        Consumers.create(bootstrap, groupId, clientId, maxPollRecords);
  }
}
