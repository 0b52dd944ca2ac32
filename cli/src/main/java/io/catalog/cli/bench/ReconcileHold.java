package io.catalog.cli.bench;

import io.catalog.operations.temporal.Executions;
import io.catalog.workflows.RunHold;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Keeps the platform's scheduled drift reconciliation out of a bench run: a reconciliation that
 * repairs thousands of documents takes a core for minutes, and a run measured beside it measures
 * the two together.
 *
 * <p>{@link #take} pauses the schedule with a {@link RunHold} note and waits for a reconciliation
 * the schedule had already started; {@link #release} resumes it. A schedule an operator paused is
 * left paused and is not resumed. Nothing is left paused for good: the bench's clean-up (also on
 * Ctrl-C) releases the hold, the next bench run takes over a hold a killed run left, and a workers
 * process lifts one at its start.
 */
final class ReconcileHold {
  private final ScheduleClient schedules;
  private final WorkflowClient workflows;
  private final String scheduleId;
  private final Predicate<String> running;
  private boolean held;

  /**
   * @param running whether the bench run of an id is still running ({@link BenchRuns#running}): a
   *     hold of a live run is left to it
   */
  ReconcileHold(
      ScheduleClient schedules,
      WorkflowClient workflows,
      String scheduleId,
      Predicate<String> running) {
    this.schedules = schedules;
    this.workflows = workflows;
    this.scheduleId = scheduleId;
    this.running = running;
  }

  /**
   * Holds the schedule for run {@code runId}. The wait is outside the lock, so that a clean-up on
   * Ctrl-C can {@link #release} the hold meanwhile.
   *
   * @param wait how long a reconciliation already running may take to finish
   * @return what was done, one line for the report
   */
  String take(String runId, Duration wait) throws InterruptedException {
    Taken taken = hold(runId);
    return taken.said() + awaitRunning(taken.running(), wait);
  }

  /** What {@link #hold} said, and the reconciliations the schedule had running then. */
  private record Taken(String said, List<ScheduleActionExecution> running) {}

  private synchronized Taken hold(String runId) {
    ScheduleHandle handle = schedules.getHandle(scheduleId);
    ScheduleDescription description;
    try {
      description = handle.describe();
    } catch (RuntimeException e) {
      if (Executions.notFound(e)) {
        return new Taken(
            "no schedule " + scheduleId + " (RECONCILE_INTERVAL=off): nothing to hold", List.of());
      }
      throw e;
    }
    ScheduleState state = description.getSchedule().getState();
    String done;
    if (!state.isPaused()) {
      handle.pause(
          RunHold.note("bench-" + runId, Instant.now(), "it resumes the schedule at its end"));
      done = "schedule " + scheduleId + " paused for the run, resumed at its end";
    } else if (RunHold.isRunHold(state.getNote())) {
      String holder = BenchRuns.holder(state.getNote());
      if (holder != null && running.test(holder)) {
        return new Taken(
            "schedule "
                + scheduleId
                + " is held by bench-"
                + holder
                + ", which is still running: left to it",
            List.of());
      }
      done =
          "schedule "
              + scheduleId
              + " was still held by an earlier run that did not end (\""
              + state.getNote()
              + "\"): this run takes the hold over and resumes the schedule at its end";
    } else {
      return new Taken(
          "schedule "
              + scheduleId
              + " was paused before the run (\""
              + state.getNote()
              + "\"): left paused",
          List.of());
    }
    held = true;
    return new Taken(done, description.getInfo().getRunningActions());
  }

  /**
   * Resumes the schedule if {@link #take} held it.
   *
   * @return what was done, or null when nothing was held
   */
  synchronized String release(String runId) {
    if (!held) {
      return null;
    }
    schedules.getHandle(scheduleId).unpause("resumed by bench-" + runId + " at its end");
    held = false;
    return "resumed schedule " + scheduleId;
  }

  /** Waits for the reconciliations the schedule started; says which did not finish in time. */
  private String awaitRunning(List<ScheduleActionExecution> running, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    StringBuilder said = new StringBuilder();
    for (ScheduleActionExecution action : running) {
      if (!(action instanceof ScheduleActionExecutionStartWorkflow started)) {
        continue;
      }
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        workflows
            .newUntypedWorkflowStub(started.getWorkflowId())
            .getResult(left, TimeUnit.NANOSECONDS, Object.class);
        said.append("; waited for ").append(started.getWorkflowId()).append(" to finish");
      } catch (TimeoutException e) {
        said.append("; ")
            .append(started.getWorkflowId())
            .append(" was still running after ")
            .append(wait)
            .append(" and runs beside the measurements");
      } catch (RuntimeException e) {
        said.append("; ").append(started.getWorkflowId()).append(" ended without a result");
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return said.toString();
  }
}
