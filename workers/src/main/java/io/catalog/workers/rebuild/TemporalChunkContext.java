package io.catalog.workers.rebuild;

import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;

/** {@link ChunkContext} of a running activity: heartbeats go to Temporal. */
final class TemporalChunkContext implements ChunkContext {
  /** Waits are cut into slices this long so heartbeats (and cancellation) keep flowing. */
  static final Duration SLICE = Duration.ofMillis(500);

  private final ActivityExecutionContext ctx;

  TemporalChunkContext(ActivityExecutionContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void heartbeat(Object details) {
    ctx.heartbeat(details);
  }

  @Override
  public void pause(Duration duration, Object details) {
    long end = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
      try {
        Thread.sleep(Math.max(1, Math.min(left, SLICE.toNanos()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while throttling", e);
      }
      ctx.heartbeat(details);
    }
  }
}
