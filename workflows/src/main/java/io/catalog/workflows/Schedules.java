package io.catalog.workflows;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleAction;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;

/** The one way the platform's Temporal Schedules come into being at worker start. */
public final class Schedules {
  private Schedules() {}

  /** {@code action} every {@code interval}, skipped while the previous run is still open. */
  public static Schedule every(Duration interval, ScheduleAction action) {
    return Schedule.newBuilder()
        .setAction(action)
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .build())
        .build();
  }

  /**
   * Creates schedule {@code id}, or, when it exists, makes it {@code schedule} while keeping its
   * state: an operator may have paused it on purpose, and a restart must not undo that.
   *
   * @return true when it was created, false when an existing one was updated
   */
  public static boolean ensure(ScheduleClient schedules, String id, Schedule schedule) {
    try {
      schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
      return true;
    } catch (ScheduleAlreadyRunningException e) {
      schedules
          .getHandle(id)
          .update(
              current ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(schedule)
                          .setState(current.getDescription().getSchedule().getState())
                          .build()));
      return false;
    }
  }
}
