package io.catalog.domain.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code dlq_entries}, as {@link DlqEntryDao} reads it. {@code headers} and {@code
 * value} are filled by workers' {@code DlqOperations#show} only (lists leave them out).
 *
 * @param status a {@link DlqStatus} name: PARKED, REPLAYED, DISCARDED or SKIPPED (a replay found
 *     its product newer)
 * @param attempts delivery attempts so far, counted across replays ({@code dlq.attempts})
 * @param failedAt when the consumer gave up ({@code dlq.failed_at})
 * @param replayedTo the topic a replay republished it to
 * @param resolution why a replay skipped it (SKIPPED), e.g. {@code stale: product at version 3}
 * @param value the record value as text (invalid UTF-8 replaced), null for a tombstone
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DlqEntry(
    long id,
    UUID eventId,
    String errorClass,
    String status,
    int attempts,
    String exceptionClass,
    String exceptionMessage,
    String originalTopic,
    Integer originalPartition,
    Long originalOffset,
    String dlqTopic,
    int dlqPartition,
    long dlqOffset,
    String recordKey,
    Instant failedAt,
    Instant createdAt,
    Instant updatedAt,
    Instant resolvedAt,
    String resolvedBy,
    String replayedTo,
    String resolution,
    JsonNode headers,
    String value) {}
