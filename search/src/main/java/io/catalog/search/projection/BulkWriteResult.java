package io.catalog.search.projection;

import java.util.List;

/**
 * Per-event results of one {@code _bulk}, in the order of the batch, so a consumer can retry the
 * transient ones, dead-letter the permanent ones and commit the rest.
 *
 * @param results one per event, same order as the batch
 * @param tookMillis wall time of the request as the writer measured it
 */
public record BulkWriteResult(List<EventWriteResult> results, long tookMillis) {

  public BulkWriteResult {
    results = List.copyOf(results);
  }

  public List<EventWriteResult> with(WriteOutcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).toList();
  }

  public List<EventWriteResult> transients() {
    return with(WriteOutcome.TRANSIENT);
  }

  public List<EventWriteResult> permanents() {
    return with(WriteOutcome.PERMANENT);
  }

  public long count(WriteOutcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** No event needs a retry: the whole batch may be committed once permanents are dead-lettered. */
  public boolean noTransients() {
    return results.stream().noneMatch(r -> r.outcome() == WriteOutcome.TRANSIENT);
  }
}
