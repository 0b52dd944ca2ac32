package io.catalog.workflows.dlq;

import java.util.SortedMap;

/**
 * One read of the dead-letter topic: from {@code positions} (partitions not named start at their
 * beginning), at most {@code maxRecords} records.
 */
public record DlqIngestRequest(SortedMap<Integer, Long> positions, int maxRecords) {}
