package io.catalog.workers.projection;

import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.search.projection.BulkWriteResult;
import io.catalog.search.projection.EnvelopeReader;
import io.catalog.search.projection.EventWriteResult;
import io.catalog.search.projection.InvalidEventException;
import io.catalog.search.projection.MalformedEventException;
import io.catalog.workers.kafka.BatchHandler;
import io.catalog.workers.kafka.Decision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Applies {@code product.events} records to the read model in one {@code _bulk} per batch (through
 * the alias, external versions, id = aggregate_id). A version conflict means a newer state is
 * already indexed: applied. Missing headers, bad JSON, an unknown schema or a document the mapping
 * rejects are poison; Elasticsearch being down, overloaded or slow is a retry.
 */
public final class ProductProjectionHandler implements BatchHandler {
  private final Function<List<EventEnvelope>, BulkWriteResult> writer;
  private final int newestKnown;

  public ProductProjectionHandler(Function<List<EventEnvelope>, BulkWriteResult> writer) {
    this(writer, ProductEventUpcaster.CURRENT);
  }

  /**
   * @param newestKnown the newest schema version this projection reads: {@link
   *     ProductEventUpcaster#CURRENT} in production; lower only for a test that runs the previous
   *     release's projection (whose newer events are then a schema mismatch)
   */
  public ProductProjectionHandler(
      Function<List<EventEnvelope>, BulkWriteResult> writer, int newestKnown) {
    this.writer = writer;
    this.newestKnown = newestKnown;
  }

  /**
   * External versions: an older event applied after a newer one is a conflict, not a regression.
   */
  @Override
  public boolean orderInsensitive() {
    return true;
  }

  @Override
  public Decision handle(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<Integer, Decision.Poison> poison = new HashMap<>();
    List<EventEnvelope> envelopes = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      try {
        envelopes.add(read(records.get(i), newestKnown));
        positions.add(i);
      } catch (InvalidEventException e) {
        poison.put(i, Decision.Poison.of(e));
      }
    }
    List<Integer> retry = new ArrayList<>();
    if (!envelopes.isEmpty()) {
      List<EventWriteResult> results = writer.apply(envelopes).results();
      for (int j = 0; j < results.size(); j++) {
        EventWriteResult result = results.get(j);
        switch (result.outcome()) {
          case TRANSIENT -> retry.add(positions.get(j));
          case PERMANENT ->
              poison.put(
                  positions.get(j),
                  new Decision.Poison(
                      "elasticsearch." + result.errorType(),
                      "HTTP " + result.status() + ": " + result.reason()));
          default -> {}
        }
      }
    }
    return new Decision(retry, poison);
  }

  /** Parses the value and checks it against the headers; fails loudly when one is missing. */
  static EventEnvelope read(ConsumerRecord<byte[], byte[]> record, int newestKnown) {
    if (record.value() == null) {
      throw new MalformedEventException("record has no value (tombstone)");
    }
    String eventId = header(record, EventEnvelope.HEADER_EVENT_ID);
    header(record, EventEnvelope.HEADER_EVENT_TYPE);
    EventEnvelope envelope = EnvelopeReader.read(record.value(), newestKnown);
    if (!envelope.eventId().equals(UUID.fromString(eventId))) {
      throw new MalformedEventException(
          "header event_id " + eventId + " differs from the envelope's " + envelope.eventId());
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (!envelope.aggregateId().toString().equals(key)) {
      throw new MalformedEventException(
          "record key " + key + " is not the envelope's aggregate_id " + envelope.aggregateId());
    }
    return envelope;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    if (h == null || h.value() == null) {
      throw new MalformedEventException("header " + name + " is missing");
    }
    String value = new String(h.value(), StandardCharsets.UTF_8);
    if (name.equals(EventEnvelope.HEADER_EVENT_ID)) {
      try {
        UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        throw new MalformedEventException("header event_id is not a UUID: " + value);
      }
    }
    return value;
  }
}
