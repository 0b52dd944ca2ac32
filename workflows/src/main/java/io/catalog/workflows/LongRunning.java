package io.catalog.workflows;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Locale;

/**
 * What the platform's long-running loops (outbox publisher, replay, DLQ triage, rebuild) share
 * besides {@link PauseSwitch}: how their inputs default and bound the loop settings, their bounded
 * batch activities' options, when to continue as new, and the Markdown details line the Temporal UI
 * shows.
 */
public final class LongRunning {
  /**
   * The most records one batch of any loop takes (rows claimed, records polled, documents per
   * {@code _bulk} request), whatever its input asks: a batch stays one bounded request or
   * transaction.
   */
  public static final int MAX_BATCH_SIZE = 10_000;

  private LongRunning() {}

  /** An input field's value, or {@code fallback} when the operator left it out. */
  public static int orDefault(Integer value, int fallback) {
    return value != null ? value : fallback;
  }

  /** Null when {@code batchSize} is in [1, {@link #MAX_BATCH_SIZE}], otherwise why not. */
  public static String batchSizeProblem(int batchSize) {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      return "batchSize must be in [1, " + MAX_BATCH_SIZE + "], was " + batchSize;
    }
    return null;
  }

  /**
   * Null when a continuing loop's settings are usable, otherwise why not: {@code batchSize} as in
   * {@link #batchSizeProblem}, and {@code seconds} (how long one activity runs or the loop idles,
   * named {@code secondsName} in the input) and {@code continueAsNewAfter} at least 1.
   */
  public static String loopProblem(
      int batchSize, String secondsName, int seconds, int continueAsNewAfter) {
    String problem = batchSizeProblem(batchSize);
    if (problem == null && (seconds < 1 || continueAsNewAfter < 1)) {
      problem = secondsName + " and continueAsNewAfter must be >= 1";
    }
    return problem;
  }

  /** Retries of a bounded batch activity: three attempts, 1 s then up to 10 s apart. */
  public static RetryOptions.Builder batchRetries() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setMaximumInterval(Duration.ofSeconds(10))
        .setMaximumAttempts(3);
  }

  /**
   * A short step (plan, inspect, record): one minute to finish, five attempts 1 s and then up to 10
   * s apart.
   */
  public static ActivityOptions shortStep() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(10))
                .setMaximumAttempts(5)
                .build())
        .build();
  }

  /**
   * A bounded batch activity that a pause cancels ({@link PauseSwitch#runUntilPaused}): bounded by
   * its request, so the 10 min start-to-close only catches a stuck one; the pause waits for it to
   * finish its batch and report what it did.
   *
   * @param heartbeatTimeout this long without a heartbeat means its worker is gone
   */
  public static ActivityOptions pausableBatch(Duration heartbeatTimeout) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(heartbeatTimeout)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(batchRetries().build())
        .build();
  }

  /** Fails the run non-retryable ({@code InvalidInput}) when its input has a problem. */
  public static void requireValid(String problem) {
    if (problem != null) {
      throw ApplicationFailure.newNonRetryableFailure(problem, "InvalidInput");
    }
  }

  /** Time to continue as new: {@code done} reached {@code limit}, or the server suggests it. */
  public static boolean continueAsNewDue(int done, int limit) {
    return done >= limit || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Sets the workflow's current details (Markdown) to {@code String.format(Locale.ROOT, ...)}. */
  public static void describe(String format, Object... args) {
    Workflow.setCurrentDetails(String.format(Locale.ROOT, format, args));
  }

  /** After the details line's phase: {@code " (<note>)"} of the pause in force, or nothing. */
  public static String pauseNote(String note) {
    return note != null ? " (" + note + ")" : "";
  }

  /** The details line's last part: {@code " · last error: ..."}, or nothing. */
  public static String lastError(String lastError) {
    return lastError != null ? " · last error: " + lastError : "";
  }
}
