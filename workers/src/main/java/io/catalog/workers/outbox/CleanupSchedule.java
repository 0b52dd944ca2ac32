package io.catalog.workers.outbox;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.Schedules;
import io.catalog.workflows.outbox.OutboxCleanupInput;
import io.catalog.workflows.outbox.OutboxCleanupWorkflow;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import java.time.Duration;
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
        Schedules.every(
            EVERY,
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(OutboxCleanupWorkflow.class)
                .setArguments(new OutboxCleanupInput(retention.toString(), null))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(names.outboxTaskQueue())
                        .setWorkflowExecutionTimeout(Duration.ofMinutes(50))
                        .build())
                .build());
    if (Schedules.ensure(schedules, id, schedule)) {
      log.info(
          "created schedule {}: delete PUBLISHED outbox rows older than {} every {}",
          id,
          retention,
          EVERY);
    } else {
      log.info("schedule {} exists; retention set to {}", id, retention);
    }
  }
}
