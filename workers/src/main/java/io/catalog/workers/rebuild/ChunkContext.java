package io.catalog.workers.rebuild;

import java.time.Duration;

/**
 * What a load chunk needs from its runtime, so the chunk logic runs the same under Temporal and in
 * tests: a heartbeat that throws once the activity is cancelled or timed out, and a clock.
 */
interface ChunkContext {
  /** Records progress; throws {@code ActivityCompletionException} when the chunk must stop. */
  void heartbeat(Object details);

  /** Waits up to {@code duration}, heartbeating {@code details} meanwhile (throttling, backoff). */
  void pause(Duration duration, Object details);
}
