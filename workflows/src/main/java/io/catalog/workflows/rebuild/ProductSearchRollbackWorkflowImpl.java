package io.catalog.workflows.rebuild;

import io.catalog.workflows.LongRunning;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Plan, then one atomic alias move guarded by the expected current target. */
public class ProductSearchRollbackWorkflowImpl implements ProductSearchRollbackWorkflow {
  /**
   * The move copies events before and after it (minutes for a long-lived newer index): it
   * heartbeats, and retries with backoff for as long as a compensation would.
   */
  private final ProductSearchRollbackActivities moves =
      Workflow.newActivityStub(
          ProductSearchRollbackActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(1))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setScheduleToCloseTimeout(Duration.ofHours(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofSeconds(30))
                      .build())
              .build());

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
