package io.catalog.workflows.replay;

import java.util.SortedMap;

/**
 * One apply activity: read {@code topic} from {@code positions} up to {@code end} (exclusive), in
 * polls and {@code _bulk} requests of {@code batchSize}, for at most {@code maxSeconds}.
 */
public record ReplayBatchRequest(
    String topic,
    SortedMap<Integer, Long> positions,
    SortedMap<Integer, Long> end,
    int batchSize,
    int maxSeconds) {}
