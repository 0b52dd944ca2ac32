package io.catalog.search.rebuild;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Plan, then one atomic alias move guarded by the expected current target. */
public class ProductSearchRollbackWorkflowImpl implements ProductSearchRollbackWorkflow {
  private final ProductSearchRollbackActivities activities =
      Workflow.newActivityStub(
          ProductSearchRollbackActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofSeconds(10))
                      .setMaximumAttempts(5)
                      .build())
              .build());

  @Override
  public RollbackResult run(RollbackInput input) {
    String toIndex = input == null ? null : input.toIndex();
    Workflow.setCurrentDetails("**planning** rollback" + (toIndex == null ? "" : " to `" + toIndex + "`"));
    RollbackPlan plan = activities.plan(toIndex);
    Workflow.setCurrentDetails(
        "**moving** alias `" + plan.alias() + "` from `" + plan.from() + "` to `" + plan.to() + "`");
    activities.moveAlias(plan.from(), plan.to());
    Workflow.setCurrentDetails(
        "**done** · alias `" + plan.alias() + "` → `" + plan.to() + "` (was `" + plan.from() + "`)");
    return new RollbackResult(plan.alias(), plan.from(), plan.to());
  }
}
