package io.catalog.domain.outbox;

/**
 * Which rows one outbox claim may take: at most {@code limit} due rows of shard {@code shard} of
 * {@code shards} (those with {@code shard_key % shards = shard}), with ids from {@code minId} to
 * {@code maxId}. The components are {@code claim.sql}'s parameters, bound by name.
 *
 * @param minId where the walk of the pending index starts (see {@code claim.sql}); 0 for all
 * @param maxId the highest id a claim takes: a one-shot run stops at the rows it found
 */
public record ClaimWindow(int shard, int shards, int limit, long minId, long maxId) {

  /** Every row up to {@code maxId}, walked from the start, for a publisher of every shard. */
  public static ClaimWindow allShards(int limit, long maxId) {
    return new ClaimWindow(0, 1, limit, 0, maxId);
  }

  /** The same window, its walk starting at {@code minId}. */
  public ClaimWindow from(long minId) {
    return new ClaimWindow(shard, shards, limit, minId, maxId);
  }

  /**
   * The window of a drain's next claim, after one from this window took {@code claimed} rows up to
   * id {@code lastId} (see {@code claim.sql}): its walk starts past them when the claim was full,
   * since the next full batch lies beyond; otherwise at 0 again, since a short claim may have
   * stepped over rows.
   */
  public ClaimWindow after(int claimed, long lastId) {
    return from(claimed == limit ? lastId + 1 : 0);
  }
}
