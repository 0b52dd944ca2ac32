package io.catalog.cli.bench;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workers.kafka.SendErrors;
import io.catalog.workers.outbox.OutboxProducers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * W3's preload: events on a bench topic before the projection is measured, keyed and with headers
 * as the outbox sends them. Every one must arrive, or the projection would wait for events that
 * never came.
 */
final class EventPreload {
  /** Send rounds before a retriable failure (an expired batch) fails the preload. */
  private static final int ROUNDS = 4;

  private EventPreload() {}

  /** Puts {@code events} on the product topic of {@code names}, each with its outbox headers. */
  static void send(BenchContext ctx, PlatformNames names, List<EventEnvelope> events)
      throws Exception {
    List<ProducerRecord<String, String>> records = new ArrayList<>(events.size());
    for (EventEnvelope envelope : events) {
      records.add(
          new ProducerRecord<>(
              names.productEvents(),
              null,
              envelope.aggregateId().toString(),
              Json.write(envelope),
              OutboxHeaders.of(envelope)));
    }
    try (Producer<String, String> producer =
        OutboxProducers.create(
            ctx.targets.endpoints().kafkaBootstrap(), names.prefix() + "events-producer")) {
      // A loaded broker can let a batch expire unsent (delivery timeout); those are sent again.
      List<ProducerRecord<String, String>> pending = records;
      for (int round = 1; !pending.isEmpty(); round++) {
        pending = sendAll(producer, pending, round < ROUNDS);
      }
    }
  }

  /**
   * Sends {@code records} and returns those that failed with an error the outbox would retry too
   * ({@link SendErrors#isRetriable}), to send again; throws on any other failure, or on a retriable
   * one when {@code retryable} is false.
   */
  private static List<ProducerRecord<String, String>> sendAll(
      Producer<String, String> producer,
      List<ProducerRecord<String, String>> records,
      boolean retryable)
      throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
    for (ProducerRecord<String, String> record : records) {
      sends.add(producer.send(record));
    }
    producer.flush();
    List<ProducerRecord<String, String>> failed = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) {
      try {
        sends.get(i).get();
      } catch (ExecutionException e) {
        if (!retryable || !SendErrors.isRetriable(e.getCause())) {
          throw e;
        }
        failed.add(records.get(i));
      }
    }
    return failed;
  }
}
