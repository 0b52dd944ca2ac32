package io.catalog.workflows.replay;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities of {@link ReplayWorkflow}, implemented in the workers module.
 *
 * <p>Retries and idempotency: the read model is written with external versions (aggregate_version)
 * and id = aggregate_id, so applying a record twice, or an older one after a newer one, leaves the
 * same document: a retried or duplicated {@link #applyBatch} is harmless. The idempotency key is
 * the (partition, offset) range itself; a retried attempt resumes from its heartbeat positions.
 */
@ActivityInterface
public interface ReplayActivities {

  /**
   * Resolves {@code from} against {@code product.events}: start offsets and the end offsets right
   * now. Read-only, safe to retry.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable when the topic or a named
   *     partition does not exist
   */
  @ActivityMethod(name = "ReplayPlan")
  ReplayPlan plan(String from);

  /**
   * Applies records from the request's positions towards its end offsets through the same
   * projection code as the live consumer, with a consumer of its own that has no group (assign and
   * seek: the live group's offsets are never touched), until every partition reached its end or for
   * {@code maxSeconds}. Heartbeats after every batch with the positions reached; when cancelled (a
   * pause) it returns what it did so far.
   *
   * @return the positions reached and the counts, those of earlier attempts of this batch included
   *     (its heartbeats carry the same record)
   */
  @ActivityMethod(name = "ReplayApplyBatch")
  ReplayBatchResult applyBatch(ReplayBatchRequest request);
}
