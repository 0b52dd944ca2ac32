package io.catalog.workflows.reconcile;

import java.util.List;

/**
 * @param differingBuckets buckets whose count or sums differ between the database and the index
 * @param candidates ids that differed when the buckets were walked (in flight or drift: {@link
 *     ConfirmRequest} tells which)
 * @param overflow candidates beyond the request's limit, not returned
 */
public record SliceReport(
    int buckets, int differingBuckets, List<String> candidates, long overflow) {
  public SliceReport {
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }
}
