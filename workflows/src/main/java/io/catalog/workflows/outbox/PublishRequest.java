package io.catalog.workflows.outbox;

/**
 * One publish activity: shard {@code shard} of {@code shards}, batches of {@code batchSize}, for at
 * most {@code maxSeconds} before returning a {@link PublishSummary} to the workflow.
 */
public record PublishRequest(int shard, int shards, int batchSize, int maxSeconds) {}
