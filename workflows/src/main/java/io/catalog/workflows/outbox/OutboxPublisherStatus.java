package io.catalog.workflows.outbox;

/**
 * Answer of the {@code status} query. {@code processed} counts events this publisher (across
 * continue-as-new) has published and {@code total} adds what is still pending in its shard, so
 * {@code processed/total} reads as progress; the backlog numbers are as of the last activity.
 *
 * @param phase one of {@code starting}, {@code publishing}, {@code paused}, {@code retrying}
 * @param pauseNote who paused it and why, as the {@code pause} signal said; null when not paused
 * @param failed FAILED rows in this shard (given up on; see {@code platform outbox failed})
 * @param sendFailuresTotal send failures seen so far, retriable ones included
 */
public record OutboxPublisherStatus(
    String phase,
    long processed,
    long total,
    boolean paused,
    String pauseNote,
    long pending,
    double oldestPendingAgeSeconds,
    long publishedTotal,
    long failed,
    long sendFailuresTotal,
    String lastError,
    int shard,
    int shards,
    int batchSize,
    int iteration) {}
