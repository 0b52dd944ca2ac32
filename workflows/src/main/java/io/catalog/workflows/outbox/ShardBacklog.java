package io.catalog.workflows.outbox;

/** Backlog of one shard: pending rows, age of the oldest one in seconds, FAILED rows. */
public record ShardBacklog(long pending, double oldestPendingAgeSeconds, long failedRows) {}
