package io.catalog.workers.rebuild;

import io.catalog.workflows.rebuild.EventCopyResult;
import java.util.Map;

/**
 * Heartbeat details of an event copy chunk: the per-partition offsets up to which every record is
 * written, the end this phase stops at (so a retry stops at the same place) and the counts.
 *
 * <p>It is the {@link EventCopyResult} without what only the end of a chunk knows (done, attempt,
 * resumed after), and stays a type of its own: a retried attempt may run on a worker of the
 * previous release, whose Temporal converter refuses fields it does not know.
 */
public record EventCopyHeartbeat(
    Map<Integer, Long> position,
    Map<Integer, Long> until,
    long untilReadAtMicros,
    long read,
    long written,
    long conflicts,
    long invalid) {

  /** Where a chunk that returned {@code r} goes on from, as if resumed from its last heartbeat. */
  static EventCopyHeartbeat after(EventCopyResult r) {
    return new EventCopyHeartbeat(
        r.position(),
        r.until(),
        r.untilReadAtMicros(),
        r.read(),
        r.written(),
        r.conflicts(),
        r.invalid());
  }
}
