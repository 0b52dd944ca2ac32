package io.catalog.outbox;

import io.catalog.naming.PlatformNames;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal Schedule {@code outbox-cleanup}: runs {@link OutboxCleanupWorkflow} every hour to
 * delete PUBLISHED rows older than the retention. Created at worker start; when it exists already
 * it is updated to the current retention, so starting twice is harmless.
 */
public final class CleanupSchedule {
  public static final Duration EVERY = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(CleanupSchedule.class);

  private CleanupSchedule() {}

  public static void ensure(ScheduleClient schedules, PlatformNames names, Duration retention) {
    String id = names.outboxCleanupScheduleId();
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(OutboxCleanupWorkflow.class)
                    .setArguments(new OutboxCleanupInput(retention.toString(), null))
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(id)
                            .setTaskQueue(names.outboxTaskQueue())
                            .setWorkflowExecutionTimeout(Duration.ofMinutes(50))
                            .build())
                    .build())
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setIntervals(List.of(new ScheduleIntervalSpec(EVERY)))
                    .build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .build())
            .build();
    try {
      schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
      log.info(
          "created schedule {}: delete PUBLISHED outbox rows older than {} every {}",
          id,
          retention,
          EVERY);
    } catch (ScheduleAlreadyRunningException e) {
      // Keep the schedule's state: an operator may have paused it on purpose.
      schedules
          .getHandle(id)
          .update(
              current ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(schedule)
                          .setState(current.getDescription().getSchedule().getState())
                          .build()));
      log.info("schedule {} exists; retention set to {}", id, retention);
    }
  }
}
