package io.catalog.workflows.outbox;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Deletes old PUBLISHED outbox rows. Run by the Temporal Schedule {@code outbox-cleanup} ({@code
 * PlatformNames.outboxCleanupScheduleId}) that the worker process creates; can also be started by
 * hand with {@code {}} or {@code {"olderThan":"P1D"}}. Returns the number deleted.
 */
@WorkflowInterface
public interface OutboxCleanupWorkflow {

  @WorkflowMethod(name = "OutboxCleanupWorkflow")
  long run(OutboxCleanupInput input);
}
