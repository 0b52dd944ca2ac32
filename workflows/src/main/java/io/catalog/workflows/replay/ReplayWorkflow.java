package io.catalog.workflows.replay;

import io.catalog.workflows.Pausable;
import io.catalog.workflows.ProgressQuery;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Re-applies {@code product.events} to the read model (alias {@code product_search}) from a start
 * point up to the end offsets recorded when it starts. Id {@code
 * replay-product-event-projection-group-{yyyyMMdd'T'HHmmss'Z'}}, task queue {@code projection-ops}.
 * Continues as new every {@code continueAsNewAfter} activities, carrying its positions.
 *
 * <p>{@code temporal workflow signal --workflow-id ID --name pause} (or {@code tctl workflow signal
 * -w ID -n pause}) stops it within about a second (the running activity is cancelled and reports
 * the positions it reached); {@code --name resume} goes on from there. {@code temporal workflow
 * query --workflow-id ID --name progress}. Cancel it with {@code temporal workflow cancel}: what
 * was applied stays applied (it is idempotent), nothing is undone.
 */
@WorkflowInterface
public interface ReplayWorkflow extends Pausable {
  String TYPE = "ReplayWorkflow";

  @WorkflowMethod(name = TYPE)
  ReplayResult run(ReplayInput input);

  @QueryMethod(name = ProgressQuery.NAME)
  ReplayProgress progress();
}
