package io.catalog.domain.outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A FAILED outbox row as `platform outbox failed` lists it. */
public record FailedEvent(
    long id,
    UUID eventId,
    UUID aggregateId,
    long aggregateVersion,
    String eventType,
    String topic,
    int attempts,
    String lastError,
    OffsetDateTime createdAt) {}
