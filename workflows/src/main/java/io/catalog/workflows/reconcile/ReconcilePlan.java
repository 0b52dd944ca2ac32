package io.catalog.workflows.reconcile;

import java.util.List;

/**
 * What a run compares: the index behind the alias when it started, and the id space cut into
 * buckets of about equal size in the database at that moment (ids are time-ordered, so prefixes
 * would not do): bucket {@code i} holds ids from {@code lowerBounds[i]} up to {@code lowerBounds[i
 * + 1]}, the last one everything above, so ids written later fall into a bucket too.
 *
 * @param lowerBounds ascending, the first the lowest uuid
 * @param databaseRows products (deleted ones included) when it started
 */
public record ReconcilePlan(String index, List<String> lowerBounds, long databaseRows) {
  public static final String LOWEST_ID = "00000000-0000-0000-0000-000000000000";

  public ReconcilePlan {
    lowerBounds = List.copyOf(lowerBounds);
  }

  public int buckets() {
    return lowerBounds.size();
  }

  /** Buckets {@code [from, to)} as one request. */
  public SliceRequest slice(int from, int to, int maxCandidates) {
    return new SliceRequest(
        from,
        lowerBounds.subList(from, to),
        to < lowerBounds.size() ? lowerBounds.get(to) : null,
        maxCandidates);
  }
}
