package io.catalog.domain.outbox;

import java.util.UUID;

/**
 * An outbox row claimed for publishing. {@code payload} is the stored envelope text, sent as the
 * Kafka value unchanged; {@code headers} is the stored JSON object of Kafka headers.
 */
public record ClaimedEvent(
    long id,
    UUID eventId,
    UUID aggregateId,
    long aggregateVersion,
    String eventType,
    String topic,
    String payload,
    String headers,
    int attempts) {}
