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
 * besides {@link PauseSwitch}: their bounded batch activities' options, when to continue as new,
 * and the Markdown details line the Temporal UI shows.
 */
public final class LongRunning {
  private LongRunning() {}

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

  /** The details line's last part: {@code " · last error: ..."}, or nothing. */
  public static String lastError(String lastError) {
    return lastError != null ? " · last error: " + lastError : "";
  }
}
