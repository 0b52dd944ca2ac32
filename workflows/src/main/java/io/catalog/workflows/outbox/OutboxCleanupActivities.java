package io.catalog.workflows.outbox;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Retention of the outbox table, implemented in the workers module. */
@ActivityInterface
public interface OutboxCleanupActivities {

  /**
   * Deletes PUBLISHED rows published before {@code cutoffIso} (ISO-8601 instant), in chunks of
   * {@code batchSize}, heartbeating after each. Idempotent: the cutoff is fixed by the workflow, so
   * a retry deletes only what the first attempt had not reached. PENDING and FAILED rows are never
   * deleted.
   *
   * @return rows deleted by this attempt
   */
  @ActivityMethod(name = "OutboxDeletePublished")
  long deletePublishedBefore(String cutoffIso, int batchSize);
}
