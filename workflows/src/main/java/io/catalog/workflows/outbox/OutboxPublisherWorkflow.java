package io.catalog.workflows.outbox;

import io.catalog.workflows.Pausable;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Publishes the transactional outbox of one shard to Kafka, forever. One instance per shard, id
 * {@code outbox-publisher-{shard}} ({@code PlatformNames.outboxPublisherWorkflowId}), task queue
 * {@code outbox}. Continues as new every {@code continueAsNewAfter} iterations, carrying its
 * totals.
 *
 * <p>{@code temporal workflow signal --workflow-id outbox-publisher-0 --name pause} stops it from
 * claiming rows within a few seconds (the running activity is cancelled and finishes the batch in
 * hand); {@code --name resume} lets it go on. {@code temporal workflow query ... --type status}.
 */
@WorkflowInterface
public interface OutboxPublisherWorkflow extends Pausable {

  @WorkflowMethod(name = "OutboxPublisherWorkflow")
  void run(OutboxPublisherInput input);

  @QueryMethod(name = "status")
  OutboxPublisherStatus status();
}
