package io.catalog.workflows.reconcile;

import java.util.List;

/**
 * Compare the buckets starting at {@code lowerBounds} (bucket {@code k} up to the next bound, the
 * last up to {@code upperBound}, null for no bound), and return the ids that differ in the buckets
 * whose fingerprints differ, at most {@code maxCandidates}.
 *
 * @param firstBucket the number of the first bucket in the plan, for logs and heartbeats
 */
public record SliceRequest(
    int firstBucket, List<String> lowerBounds, String upperBound, int maxCandidates) {
  public SliceRequest {
    lowerBounds = List.copyOf(lowerBounds);
  }

  /** The upper bound of bucket {@code k} of this slice (null: none). */
  public String upperBound(int k) {
    return k + 1 < lowerBounds.size() ? lowerBounds.get(k + 1) : upperBound;
  }
}
