package io.catalog.workflows.rebuild;

import java.util.Map;

/**
 * What one event copy chunk did.
 *
 * @param position per-partition offsets reached (the next chunk starts here)
 * @param until the offsets this phase stops at
 * @param done every partition reached {@code until}
 * @param read records read, attempts before a crash included
 * @param written documents Elasticsearch indexed
 * @param conflicts events older than (or equal to) what the index holds
 * @param invalid records that are no valid event or that the mapping refuses (skipped: the live
 *     projection dead-letters them)
 * @param attempt the activity attempt that finished the chunk
 * @param resumedAfter records an earlier attempt had heartbeated as written
 * @param untilReadAtMicros the database clock just before {@code until} was read (see {@link
 *     OffsetsSnapshot#readAtMicros()}); 0 when {@code until} came with the request
 */
public record EventCopyResult(
    Map<Integer, Long> position,
    Map<Integer, Long> until,
    boolean done,
    long read,
    long written,
    long conflicts,
    long invalid,
    int attempt,
    long resumedAfter,
    long untilReadAtMicros) {

  public long indexed() {
    return written + conflicts;
  }
}
