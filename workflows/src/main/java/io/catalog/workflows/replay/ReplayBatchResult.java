package io.catalog.workflows.replay;

import java.util.SortedMap;

/**
 * What one apply activity did; also its heartbeat details, so a retried attempt resumes from the
 * positions the failed one had reached.
 *
 * @param positions the next offset to read, per partition (never beyond the plan's end)
 * @param records records applied to the read model (written, or older than what it holds)
 * @param skipped poison records left out: the live consumer dead-letters those, a replay does not
 *     dead-letter them a second time
 * @param tookMillis time spent applying, for the rate
 */
public record ReplayBatchResult(
    SortedMap<Integer, Long> positions, long records, long skipped, long tookMillis) {}
