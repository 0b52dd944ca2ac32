package io.catalog.workflows.replay;

import java.util.List;

/**
 * Answer of the {@code progress} query. {@code processed} and {@code total} count offsets of the
 * plan (covered and to cover), so {@code processed/total} reads as progress even where compaction
 * left gaps; {@code records} counts the records actually applied.
 *
 * @param phase {@code planning}, {@code replaying}, {@code paused}, {@code retrying} (runs started
 *     before bounded retries only), {@code completed}, {@code failed} (an apply kept failing for
 *     the retry window; {@code lastError} says why) or {@code cancelled}
 * @param pauseNote who paused and why (the {@code pause} signal's input), null when not paused or
 *     paused without a note
 * @param ratePerSecond offsets covered per second of applying (pauses not counted)
 * @param etaSeconds at that rate, or -1 when unknown
 * @param run 1 for the first run, +1 per continue-as-new
 */
public record ReplayProgress(
    String phase,
    long processed,
    long total,
    boolean paused,
    String pauseNote,
    double percent,
    long records,
    long skipped,
    double ratePerSecond,
    long etaSeconds,
    String from,
    String topic,
    int batchSize,
    List<ReplayPartition> partitions,
    String lastError,
    int run) {}
