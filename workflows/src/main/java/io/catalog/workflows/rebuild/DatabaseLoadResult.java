package io.catalog.workflows.rebuild;

/**
 * What one database load chunk did.
 *
 * @param lastId the last id written (the next chunk starts after it); null when nothing was read
 * @param done no row after {@code lastId}
 * @param read rows read by this chunk, attempts before a crash included
 * @param written documents Elasticsearch indexed
 * @param conflicts documents the index already had at this version or newer (re-reads)
 * @param failed documents the index refused for good (the mapping rejects them)
 * @param attempt the activity attempt that finished the chunk (1 unless a worker crashed or timed
 *     out)
 * @param resumedAfter rows an earlier attempt had heartbeated as written, so this attempt did not
 *     read them again (0 when the chunk started from its request)
 */
public record DatabaseLoadResult(
    String lastId,
    boolean done,
    long read,
    long written,
    long conflicts,
    long failed,
    int attempt,
    long resumedAfter) {

  public long indexed() {
    return written + conflicts;
  }
}
