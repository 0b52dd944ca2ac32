package io.catalog.workflows.replay;

/**
 * What a finished replay did.
 *
 * @param processed offsets covered (equal to {@code total} when it completes)
 * @param activeSeconds time spent applying, pauses not counted
 */
public record ReplayResult(
    long processed,
    long total,
    long records,
    long skipped,
    double activeSeconds,
    double ratePerSecond) {}
