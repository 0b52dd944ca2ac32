package io.catalog.api.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.catalog.domain.dlq.DlqEntry;
import java.time.Instant;
import java.util.UUID;

/**
 * One dead-letter entry as {@code GET /ops/dlq} lists it: the fields of a {@link DlqEntry} in the
 * same order, without the dead-letter topic position, record key, row timestamps, value and
 * headers. This record is the API's response contract, kept apart so that a field added to the
 * entry does not appear in the API by itself.
 */
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
    String replayedTo,
    String resolution) {

  static DlqEntryView of(DlqEntry e) {
    return new DlqEntryView(
        e.id(),
        e.eventId(),
        e.errorClass(),
        e.status(),
        e.attempts(),
        e.exceptionClass(),
        e.exceptionMessage(),
        e.originalTopic(),
        e.originalPartition(),
        e.originalOffset(),
        e.failedAt(),
        e.resolvedAt(),
        e.resolvedBy(),
        e.replayedTo(),
        e.resolution());
  }
}
