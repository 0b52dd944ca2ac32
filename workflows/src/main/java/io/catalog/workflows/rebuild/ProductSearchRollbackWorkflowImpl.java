package io.catalog.workflows.rebuild;

import io.catalog.workflows.LongRunning;
import io.temporal.workflow.Workflow;

/** Plan, then one atomic alias move guarded by the expected current target. */
public class ProductSearchRollbackWorkflowImpl implements ProductSearchRollbackWorkflow {
  /** The move copies events before and after it, like a rebuild's switch undone. */
  private final ProductSearchRollbackActivities moves =
      Workflow.newActivityStub(ProductSearchRollbackActivities.class, RebuildStubs.handover());

  private final ProductSearchRollbackActivities activities =
      Workflow.newActivityStub(ProductSearchRollbackActivities.class, LongRunning.shortStep());

  @Override
  public RollbackResult run(RollbackInput input) {
    String toIndex = input == null ? null : input.toIndex();
    Workflow.setCurrentDetails(
        "**planning** rollback" + (toIndex == null ? "" : " to `" + toIndex + "`"));
    RollbackPlan plan = activities.plan(toIndex);
    Workflow.setCurrentDetails(
        "**catching up and moving** alias `"
            + plan.alias()
            + "` from `"
            + plan.from()
            + "` to `"
            + plan.to()
            + "`");
    moves.moveAlias(plan.from(), plan.to());
    Workflow.setCurrentDetails(
        "**done** · alias `"
            + plan.alias()
            + "` → `"
            + plan.to()
            + "` (was `"
            + plan.from()
            + "`)");
    return new RollbackResult(plan.alias(), plan.from(), plan.to());
  }
}
