package io.catalog.workflows.dlq;

import java.util.SortedMap;

/**
 * What one read did.
 *
 * @param positions next offset per partition of the dead-letter topic
 * @param read records read
 * @param parked new entries stored (a record read again is not stored twice)
 * @param summary the table after the read
 */
public record DlqIngestResult(
    SortedMap<Integer, Long> positions, long read, long parked, DlqSummary summary) {}
