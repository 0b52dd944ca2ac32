package io.catalog.workers.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.workers.testing.ItStack;
import io.catalog.workflows.RunHold;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A worker start keeps an operator's pause of the reconciliation schedule and lifts a pause that a
 * run (the bench) set for its own length and did not live to lift.
 */
class ReconcileScheduleIT {
  @Test
  void workerStartLiftsARunsLeftoverHoldAndKeepsAnOperatorsPause() {
    try (ItStack it = ItStack.create()) {
      ScheduleClient schedules = ScheduleClient.newInstance(it.client.getWorkflowServiceStubs());
      Duration every = Duration.ofHours(1);
      ReconcileSchedule.ensure(schedules, it.names, every);
      ScheduleHandle handle = schedules.getHandle(it.names.reconciliationScheduleId());

      handle.pause(RunHold.PREFIX + "bench-0a1b2c since 2026-12-06T23:00:00Z");
      ReconcileSchedule.ensure(schedules, it.names, every);

      assertThat(state(handle).isPaused()).isFalse();
      assertThat(state(handle).getNote()).contains("resumed at worker start", "bench-0a1b2c");

      handle.pause("planned restore");
      ReconcileSchedule.ensure(schedules, it.names, every);

      assertThat(state(handle).isPaused()).isTrue();
      assertThat(state(handle).getNote()).isEqualTo("planned restore");
    }
  }

  private static ScheduleState state(ScheduleHandle handle) {
    return handle.describe().getSchedule().getState();
  }
}
