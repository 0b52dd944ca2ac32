package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catalog.workers.reconcile.ReconcileSchedule;
import io.catalog.workers.testing.ItStack;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bench holds the scheduled drift reconciliation for its run and gives it back: it pauses a
 * running schedule and resumes it, leaves an operator's pause alone, takes over a hold a killed run
 * left, and says when a reconciliation it could not wait out runs beside its measurements.
 */
class ReconcileHoldIT {
  static ItStack it;
  static ScheduleClient schedules;
  ScheduleHandle handle;
  ReconcileHold hold;

  @BeforeAll
  static void stack() {
    it = ItStack.create();
    schedules = ScheduleClient.newInstance(it.client.getWorkflowServiceStubs());
  }

  @AfterAll
  static void close() {
    it.close();
  }

  @BeforeEach
  void schedule() {
    ReconcileSchedule.ensure(schedules, it.names, Duration.ofHours(1));
    handle = schedules.getHandle(it.names.reconciliationScheduleId());
    handle.unpause("test starts unpaused");
    hold = holdFor(run -> false);
  }

  @Test
  void pausesTheScheduleForTheRunAndResumesItAtTheEnd() throws Exception {
    String taken = hold.take("0a1b2c", Duration.ofSeconds(5));

    assertThat(taken).contains("paused for the run");
    assertThat(state().isPaused()).isTrue();
    assertThat(state().getNote()).startsWith(ReconcileSchedule.RUN_HOLD).contains("bench-0a1b2c");

    assertThat(hold.release("0a1b2c")).contains("resumed");
    assertThat(state().isPaused()).isFalse();
    assertThat(hold.release("0a1b2c")).isNull();
  }

  @Test
  void leavesAnOperatorsPauseAsItWas() throws Exception {
    handle.pause("planned restore");

    assertThat(hold.take("0a1b2c", Duration.ofSeconds(5))).contains("left paused");
    assertThat(hold.release("0a1b2c")).isNull();

    assertThat(state().isPaused()).isTrue();
    assertThat(state().getNote()).isEqualTo("planned restore");
  }

  @Test
  void takesOverAHoldAKilledRunLeftAndResumesIt() throws Exception {
    holdFor(run -> false).take("dead00", Duration.ofSeconds(5)); // that run never releases

    assertThat(hold.take("0a1b2c", Duration.ofSeconds(5)))
        .contains("takes the hold over", "bench-dead00");
    hold.release("0a1b2c");

    assertThat(state().isPaused()).isFalse();
  }

  @Test
  void leavesTheHoldOfARunThatIsStillRunningToIt() throws Exception {
    ReconcileHold first = holdFor(run -> false);
    first.take("a1a1a1", Duration.ofSeconds(5));
    ReconcileHold second = holdFor(run -> run.equals("a1a1a1"));

    assertThat(second.take("0a1b2c", Duration.ofSeconds(5)))
        .contains("held by bench-a1a1a1, which is still running");
    assertThat(second.release("0a1b2c")).isNull();
    assertThat(state().isPaused()).isTrue();

    first.release("a1a1a1");
    assertThat(state().isPaused()).isFalse();
  }

  @Test
  void saysWhenAReconciliationItCouldNotWaitOutRunsBesideTheRun() throws Exception {
    handle.trigger(); // no worker polls this slice's task queue: the run stays open
    String running =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    handle.describe().getInfo().getRunningActions().stream()
                        .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
                        .findFirst()
                        .orElse(null),
                id -> id != null);
    try {
      assertThat(hold.take("0a1b2c", Duration.ofSeconds(1)))
          .contains("paused for the run", running + " was still running after PT1S");
    } finally {
      it.client.newUntypedWorkflowStub(running).terminate("test over");
      hold.release("0a1b2c");
    }
  }

  @Test
  void saysThereIsNothingToHoldWithoutASchedule() throws Exception {
    ReconcileHold none =
        new ReconcileHold(schedules, it.client, it.names.prefix() + "no-such", run -> false);

    assertThat(none.take("0a1b2c", Duration.ofSeconds(5))).contains("nothing to hold");
    assertThat(none.release("0a1b2c")).isNull();
  }

  private static ReconcileHold holdFor(Predicate<String> running) {
    return new ReconcileHold(schedules, it.client, it.names.reconciliationScheduleId(), running);
  }

  private ScheduleState state() {
    return handle.describe().getSchedule().getState();
  }
}
