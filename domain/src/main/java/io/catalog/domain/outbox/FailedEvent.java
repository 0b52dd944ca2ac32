package io.catalog.domain.outbox;

import java.util.UUID;

/** A FAILED outbox row as {@code platform outbox failed} lists it, with why it failed. */
public record FailedEvent(
    long id,
    UUID eventId,
    UUID aggregateId,
    long aggregateVersion,
    String eventType,
    int attempts,
    String lastError) {}
