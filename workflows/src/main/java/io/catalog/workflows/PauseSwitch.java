package io.catalog.workflows;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The paused state of a long-running workflow, set by its {@code pause} and {@code resume} signals.
 * Workflow state like any field: every method that waits is a plain {@link Workflow#await}, so
 * using it emits exactly the commands the calls it stands for emit.
 *
 * <pre>{@code
 * private final PauseSwitch pauses = new PauseSwitch();
 * public void run(Input in) {
 *   pauses.carryOver(in.paused());       // unless a pause/resume signal came first
 *   ...
 *   if (pauses.isPaused()) pauses.awaitResumed(); else work();
 * }
 * public void pause(String note) { pauses.pause(note); }
 * public void resume() { pauses.resume(); }
 * }</pre>
 */
public final class PauseSwitch {
  private boolean paused;
  private String note;
  private boolean signalled;

  /**
   * @param note who paused and why, or null; a pause while paused replaces the note
   */
  public void pause(String note) {
    signalled = true;
    paused = true;
    this.note = note;
  }

  public void resume() {
    signalled = true;
    paused = false;
    note = null;
  }

  public boolean isPaused() {
    return paused;
  }

  /** The note of the pause in force; null when not paused or paused without one. */
  public String note() {
    return note;
  }

  /**
   * Takes the state carried across continue-as-new, unless a pause or resume signal arrived first
   * (signals received with the start are handled before the workflow method runs, and win).
   */
  public void carryOver(boolean carriedPaused) {
    carryOver(carriedPaused, null);
  }

  /** {@link #carryOver(boolean)} with the carried pause's note. */
  public void carryOver(boolean carriedPaused, String carriedNote) {
    if (!signalled) {
      paused = carriedPaused;
      note = carriedPaused ? carriedNote : null;
    }
  }

  /** Blocks until resumed. */
  public void awaitResumed() {
    Workflow.await(() -> !paused);
  }

  /** Blocks until resumed or until {@code also} holds. */
  public void awaitResumedOr(Supplier<Boolean> also) {
    Workflow.await(() -> !paused || also.get());
  }

  /**
   * Blocks (a timer) until resumed or until the timeout passes.
   *
   * @return true when resumed, false when the timeout passed first
   */
  public boolean awaitResumed(Duration timeout) {
    return Workflow.await(timeout, () -> !paused);
  }

  /**
   * Blocks (a timer) until paused or until the timeout passes: a delay that a pause cuts short.
   *
   * @return true when paused, false when the timeout passed first
   */
  public boolean awaitPaused(Duration timeout) {
    return Workflow.await(timeout, () -> paused);
  }

  /** A call started in a cancellation scope of its own: cancelling the scope cancels the call. */
  public record Cancellable<R>(Promise<R> result, CancellationScope scope) {}

  /**
   * Starts a call (e.g. {@code () -> Async.function(stub::work, request)}) in a cancellation scope
   * of its own and returns without waiting for it.
   */
  public static <R> Cancellable<R> startCancellable(Functions.Func<Promise<R>> start) {
    List<Promise<R>> started = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> started.add(start.apply()));
    scope.run();
    return new Cancellable<>(started.get(0), scope);
  }

  /**
   * Starts an activity (e.g. {@code () -> Async.function(stub::work, request)}) in a cancellation
   * scope of its own and waits until it completes or a pause arrives; a pause cancels the scope.
   * With {@code ActivityCancellationType.WAIT_CANCELLATION_COMPLETED} the returned promise then
   * completes with what the activity reports back (or fails with a {@code CanceledFailure} cause).
   */
  public <R> Promise<R> runUntilPaused(Functions.Func<Promise<R>> start) {
    Cancellable<R> call = startCancellable(start);
    Promise<R> running = call.result();
    Workflow.await(() -> running.isCompleted() || paused);
    if (!running.isCompleted()) {
      call.scope().cancel();
    }
    return running;
  }
}
