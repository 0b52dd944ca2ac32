package io.catalog.workflows.rebuild;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * A deliberately incompatible change of {@link ProductSearchRebuildWorkflowImpl}: it records the
 * offsets before creating the index. Replaying a recorded history against it must fail, which is
 * what tells a developer to guard such a change with {@code Workflow.getVersion}.
 */
public class ReorderedRebuildWorkflowImpl implements ProductSearchRebuildWorkflow {
  private final ProductSearchRebuildActivities activities =
      Workflow.newActivityStub(
          ProductSearchRebuildActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

  @Override
  public RebuildResult run(RebuildInput input) {
    RebuildPlan plan = activities.inspect(0);
    activities.recordEndOffsets();
    activities.createIndex(plan.indexPrefix() + "1_20260101_000000", 1, 0);
    return null;
  }

  @Override
  public void pause(String note) {}

  @Override
  public void resume() {}

  @Override
  public RebuildProgress progress() {
    return null;
  }
}
