package io.catalog.cli.bench;

import io.catalog.domain.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers the outbox gives every event, for the records the bench sends without it. */
final class OutboxHeaders {
  private OutboxHeaders() {}

  /**
   * Event id, event type and schema version: the bench's rows and events are all written by this
   * release, so in its version.
   */
  static RecordHeaders of(String eventId, String eventType) {
    return of(eventId, eventType, EventEnvelope.SCHEMA_VERSION);
  }

  /** The headers of {@code envelope} in its own version (W3 also sends version 1 events). */
  static RecordHeaders of(EventEnvelope envelope) {
    return of(envelope.eventId().toString(), envelope.eventType(), envelope.schemaVersion());
  }

  private static RecordHeaders of(String eventId, String eventType, int schemaVersion) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventEnvelope.HEADER_EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
    headers.add(EventEnvelope.HEADER_EVENT_TYPE, eventType.getBytes(StandardCharsets.UTF_8));
    headers.add(
        EventEnvelope.HEADER_SCHEMA_VERSION,
        String.valueOf(schemaVersion).getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
