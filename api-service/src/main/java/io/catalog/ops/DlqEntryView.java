package io.catalog.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;

/** One dead-letter entry as {@code GET /ops/dlq} lists it (no value, no headers). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DlqEntryView(
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
    Instant failedAt,
    Instant resolvedAt,
    String resolvedBy,
    String replayedTo) {}
