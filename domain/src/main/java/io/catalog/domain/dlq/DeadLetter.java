package io.catalog.domain.dlq;

import java.time.Instant;
import java.util.UUID;

/**
 * One record of the dead-letter topic as {@code dlq_entries} stores it ({@link DlqEntryDao#park}).
 * Key, value and headers are kept byte for byte (headers as a JSON array in their order: {@code
 * {"key":..,"value":..}} for UTF-8 text, {@code {"key":..,"base64":..}} otherwise), so a replay
 * republishes exactly what failed. The operations module reads it from a Kafka record.
 */
public record DeadLetter(
    UUID eventId,
    String dlqTopic,
    int dlqPartition,
    long dlqOffset,
    String originalTopic,
    Integer originalPartition,
    Long originalOffset,
    String recordKey,
    byte[] recordKeyBytes,
    byte[] recordValue,
    String headersJson,
    String errorClass,
    String exceptionClass,
    String exceptionMessage,
    int attempts,
    Instant failedAt) {}
