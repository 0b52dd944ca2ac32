package io.catalog.search.projection;

import java.util.UUID;

/**
 * The result for one event of a batch, at the same position as the event.
 *
 * @param eventId null only when the envelope itself had none
 * @param aggregateId the document id; null only when the envelope had none
 * @param status the HTTP status of the bulk item, 0 when Elasticsearch never saw the event
 * @param errorType e.g. {@code document_parsing_exception}, or the exception's simple class name
 *     for events rejected before the request; null when written
 * @param reason a human-readable cause (the DLQ's {@code dlq.exception.message}); null when written
 */
public record EventWriteResult(
    UUID eventId,
    UUID aggregateId,
    long aggregateVersion,
    WriteOutcome outcome,
    int status,
    String errorType,
    String reason) {}
