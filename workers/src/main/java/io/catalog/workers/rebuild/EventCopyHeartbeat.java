package io.catalog.workers.rebuild;

import java.util.Map;

/**
 * Heartbeat details of an event copy chunk: the per-partition offsets up to which every record is
 * written, the end this phase stops at (so a retry stops at the same place) and the counts.
 */
public record EventCopyHeartbeat(
    Map<Integer, Long> position,
    Map<Integer, Long> until,
    long untilReadAtMicros,
    long read,
    long written,
    long conflicts,
    long invalid) {}
