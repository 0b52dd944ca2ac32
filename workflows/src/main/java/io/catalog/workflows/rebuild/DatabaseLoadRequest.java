package io.catalog.workflows.rebuild;

/**
 * One bounded chunk of a load from the database: keyset pages of {@code products} (deleted rows
 * included) after {@code afterId}, written to {@code index}, for about {@code maxSeconds}.
 *
 * @param requestId the idempotency key ({@code <workflow id>/<run id>/load/<chunk>}); the writes
 *     are idempotent by external versioning, so a retry of the same request rewrites nothing newer
 * @param afterId the last id the previous chunk wrote; null for the first chunk
 * @param maxDocsPerSecond 0 for no limit
 */
public record DatabaseLoadRequest(
    String requestId,
    String index,
    String afterId,
    int batchSize,
    int maxSeconds,
    int maxDocsPerSecond) {}
