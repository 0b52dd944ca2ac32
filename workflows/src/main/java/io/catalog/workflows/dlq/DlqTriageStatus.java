package io.catalog.workflows.dlq;

import java.util.SortedMap;

/**
 * Answer of the {@code summary} query.
 *
 * @param phase {@code starting}, {@code reading}, {@code idle}, {@code paused}, {@code replaying},
 *     {@code discarding} or {@code retrying}
 * @param processed dead-letter records read by this workflow (across continue-as-new)
 * @param total entries in {@code dlq_entries}, all statuses (as of the last activity)
 * @param pauseNote who paused and why (the {@code pause} signal's input), null when not paused or
 *     paused without a note
 * @param summary counts by class and status and the oldest PARKED entry (as of the last activity)
 * @param positions next offset per partition of the dead-letter topic
 * @param lastAction the last replay or discard and what it did
 * @param queuedActions replay and discard signals not run yet
 */
public record DlqTriageStatus(
    String phase,
    long processed,
    long total,
    boolean paused,
    String pauseNote,
    long parked,
    String oldestParkedAt,
    DlqSummary summary,
    SortedMap<Integer, Long> positions,
    DlqActionResult lastAction,
    int queuedActions,
    String lastError,
    int iteration) {}
