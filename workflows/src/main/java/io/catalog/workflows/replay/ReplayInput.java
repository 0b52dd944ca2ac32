package io.catalog.workflows.replay;

import static io.catalog.workflows.LongRunning.orDefault;

import io.catalog.workflows.LongRunning;
import io.catalog.workflows.OperatorInput;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Input of {@link ReplayWorkflow}: {@code {"from":"earliest","batchSize":1000}}. Every field is
 * optional (null input, {@code {}} and partial objects all work, so the Web UI's empty "Start
 * Workflow" form replays the whole topic); {@link #withDefaults()} fills the gaps.
 *
 * <p>The fields after {@code continueAsNewAfter} are carried across continue-as-new and are not
 * meant to be typed in: the resolved plan, the positions reached, the totals so far and the pause
 * with its note.
 *
 * @param from {@code earliest}, an ISO-8601 time or {@code "0:120,1:98,2:0"} (see {@link
 *     ReplayFrom})
 * @param batchSize records per poll and per {@code _bulk} request (default 1000)
 * @param activitySeconds how long one apply activity runs before it reports back (default 3)
 * @param continueAsNewAfter apply activities per run before continue-as-new (default 200)
 */
@OperatorInput
public record ReplayInput(
    String from,
    Integer batchSize,
    Integer activitySeconds,
    Integer continueAsNewAfter,
    ReplayPlan plan,
    SortedMap<Integer, Long> positions,
    Long records,
    Long skipped,
    Long activeMillis,
    Boolean paused,
    Integer run,
    String pauseNote) {

  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int DEFAULT_ACTIVITY_SECONDS = 3;
  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 200;

  /** The input of a start with no input at all. */
  public static ReplayInput empty() {
    return of(null, null);
  }

  /** What an operator chooses: a start point and a batch size, either may be null. */
  public static ReplayInput of(String from, Integer batchSize) {
    return new ReplayInput(
        from, batchSize, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The same input, started paused: the workflow plans (so {@code progress} shows the total) and
   * then waits for a {@code resume} signal before it applies anything.
   *
   * @param note who paused it and why, as a {@code pause} signal's note; null for none
   */
  public ReplayInput startingPaused(String note) {
    return new ReplayInput(
        from,
        batchSize,
        activitySeconds,
        continueAsNewAfter,
        plan,
        positions,
        records,
        skipped,
        activeMillis,
        true,
        run,
        note);
  }

  /** Same input with every missing field set to its default. */
  public ReplayInput withDefaults() {
    return new ReplayInput(
        from == null || from.isBlank() ? ReplayFrom.EARLIEST : from.strip(),
        orDefault(batchSize, DEFAULT_BATCH_SIZE),
        orDefault(activitySeconds, DEFAULT_ACTIVITY_SECONDS),
        orDefault(continueAsNewAfter, DEFAULT_CONTINUE_AS_NEW_AFTER),
        plan,
        positions == null ? new TreeMap<>() : new TreeMap<>(positions),
        records != null ? records : 0L,
        skipped != null ? skipped : 0L,
        activeMillis != null ? activeMillis : 0L,
        paused != null && paused,
        orDefault(run, 1),
        pauseNote);
  }

  /** Null when the (defaulted) input is usable, otherwise the reason it is not. */
  public String problem() {
    String problem =
        LongRunning.loopProblem(batchSize, "activitySeconds", activitySeconds, continueAsNewAfter);
    if (problem != null) {
      return problem;
    }
    try {
      ReplayFrom.parse(from);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }
}
