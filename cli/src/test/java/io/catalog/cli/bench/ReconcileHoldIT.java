package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.catalog.workers.reconcile.ReconcileSchedule;
import io.catalog.workers.testing.ItStack;
import io.catalog.workflows.RunHold;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    assertThat(state().getNote()).startsWith(RunHold.PREFIX).contains("bench-0a1b2c");

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
    String running = startedBySchedule();
    try {
      assertThat(hold.take("0a1b2c", Duration.ofSeconds(1)))
          .contains("paused for the run", running + " was still running after PT1S");
    } finally {
      it.client.newUntypedWorkflowStub(running).terminate("test over");
      hold.release("0a1b2c");
    }
  }

  /** Ctrl-C's clean-up does not wait for the hold's wait: it releases the schedule at once. */
  @Test
  void aCleanUpReleasesTheHoldWhileTheRunStillWaitsForAReconciliation() throws Exception {
    String running = startedBySchedule();
    CompletableFuture<String> taking = new CompletableFuture<>();
    Thread taker =
        new Thread(
            () -> {
              try {
                taking.complete(hold.take("0a1b2c", Duration.ofMinutes(1)));
              } catch (Throwable e) {
                taking.completeExceptionally(e);
              }
            });
    taker.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> state().isPaused());

      String released =
          assertTimeoutPreemptively(Duration.ofSeconds(10), () -> hold.release("0a1b2c"));

      assertThat(released).contains("resumed");
      assertThat(state().isPaused()).isFalse();
      assertThat(taking).isNotDone();
    } finally {
      it.client.newUntypedWorkflowStub(running).terminate("test over");
      taking.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void saysThereIsNothingToHoldWithoutASchedule() throws Exception {
    ReconcileHold none =
        new ReconcileHold(schedules, it.client, it.names.prefix() + "no-such", run -> false);

    assertThat(none.take("0a1b2c", Duration.ofSeconds(5))).contains("nothing to hold");
    assertThat(none.release("0a1b2c")).isNull();
  }

  /** Starts a reconciliation through the schedule; no worker polls the slice's queue: it stays. */
  private String startedBySchedule() {
    handle.trigger();
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                handle.describe().getInfo().getRunningActions().stream()
                    .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
                    .findFirst()
                    .orElse(null),
            id -> id != null);
  }

  private static ReconcileHold holdFor(Predicate<String> running) {
    return new ReconcileHold(schedules, it.client, it.names.reconciliationScheduleId(), running);
  }

  private ScheduleState state() {
    return handle.describe().getSchedule().getState();
  }
}
