package io.catalog.workflows.outbox;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Fixes the cutoff once (workflow time, so retries agree on it) and lets the activity delete. */
public class OutboxCleanupWorkflowImpl implements OutboxCleanupWorkflow {
  private final OutboxCleanupActivities activities =
      Workflow.newActivityStub(
          OutboxCleanupActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumAttempts(5)
                      .build())
              .build());

  @Override
  public long run(OutboxCleanupInput input) {
    OutboxCleanupInput in = input != null ? input : new OutboxCleanupInput(null, null);
    Duration olderThan;
    try {
      olderThan = in.olderThanDuration();
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "olderThan must be an ISO-8601 duration like P7D: " + in.olderThan(), "InvalidInput");
    }
    if (olderThan.isNegative() || in.batchSizeOrDefault() < 1) {
      throw ApplicationFailure.newNonRetryableFailure(
          "olderThan must not be negative and batchSize must be >= 1", "InvalidInput");
    }
    Instant cutoff = Instant.ofEpochMilli(Workflow.currentTimeMillis()).minus(olderThan);
    Workflow.setCurrentDetails("deleting PUBLISHED rows published before " + cutoff);
    long deleted = activities.deletePublishedBefore(cutoff.toString(), in.batchSizeOrDefault());
    Workflow.setCurrentDetails("deleted " + deleted + " PUBLISHED rows published before " + cutoff);
    return deleted;
  }
}
