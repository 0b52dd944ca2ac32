package io.catalog.workflows.outbox;

/**
 * What one publish activity did, plus the shard's backlog when it returned.
 *
 * @param published rows acknowledged by the broker and marked PUBLISHED
 * @param sendFailures failed sends, retriable (broker outage) and not
 * @param newlyFailed rows that reached the maximum attempts and became FAILED
 * @param lastError the last send error, null when none
 */
public record PublishSummary(
    long published,
    long sendFailures,
    long newlyFailed,
    int batches,
    String lastError,
    long pending,
    double oldestPendingAgeSeconds,
    long failedRows) {}
