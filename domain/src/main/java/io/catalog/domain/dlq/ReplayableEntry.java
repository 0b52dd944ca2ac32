package io.catalog.domain.dlq;

/**
 * A {@code dlq_entries} row as a replay sends it ({@link DlqEntryDao#lockForReplay}): its key,
 * value and stored headers, and where it came from.
 */
public record ReplayableEntry(
    long id, String originalTopic, byte[] key, byte[] value, String headers) {}
