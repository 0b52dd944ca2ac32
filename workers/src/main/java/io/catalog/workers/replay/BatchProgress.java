package io.catalog.workers.replay;

import io.catalog.workflows.replay.ReplayBatchResult;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Positions and counts of one replay batch so far; what its heartbeats carry. */
final class BatchProgress {
  private static final Logger log = LoggerFactory.getLogger(ReplayActivitiesImpl.class);

  final SortedMap<Integer, Long> positions;
  private long records;
  private long skipped;
  final long earlierMillis;

  BatchProgress(
      SortedMap<Integer, Long> positions, long records, long skipped, long earlierMillis) {
    this.positions = positions;
    this.records = records;
    this.skipped = skipped;
    this.earlierMillis = earlierMillis;
  }

  static BatchProgress resumed(ReplayBatchResult r) {
    log.info("resuming a replay batch from its last heartbeat: {}", r.positions());
    return new BatchProgress(
        new TreeMap<>(r.positions()), r.records(), r.skipped(), r.tookMillis());
  }

  synchronized void add(long applied, long poison) {
    records += applied;
    skipped += poison;
  }

  synchronized ReplayBatchResult result(long beginNanos) {
    long took = earlierMillis + (System.nanoTime() - beginNanos) / 1_000_000;
    return new ReplayBatchResult(new TreeMap<>(positions), records, skipped, Math.max(1, took));
  }

  /** False once the server says the activity is cancelled or the worker shuts down. */
  boolean heartbeat(ActivityExecutionContext ctx, long beginNanos) {
    try {
      ctx.heartbeat(result(beginNanos));
      return true;
    } catch (ActivityCompletionException e) {
      log.info("replay batch stops early: {}", e.getClass().getSimpleName());
      return false;
    }
  }
}
