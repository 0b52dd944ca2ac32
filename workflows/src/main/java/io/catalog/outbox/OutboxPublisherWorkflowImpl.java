package io.catalog.outbox;

import io.catalog.workflows.Failures;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * Deterministic loop: run a bounded publish activity, add up what it did, repeat; continue as new
 * every {@code continueAsNewAfter} iterations (or when the server suggests it). A pause cancels the
 * running activity and waits, refreshing the backlog numbers now and then.
 */
public class OutboxPublisherWorkflowImpl implements OutboxPublisherWorkflow {
  static final Duration PAUSED_REFRESH = Duration.ofSeconds(30);
  static final Duration RETRY_DELAY = Duration.ofSeconds(10);

  /** The activity heartbeats every second; ten without one means its worker is gone. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = Workflow.getLogger(OutboxPublisherWorkflowImpl.class);

  private final OutboxActivities publisher =
      Workflow.newActivityStub(
          OutboxActivities.class,
          ActivityOptions.newBuilder()
              // Bounded by the request's maxSeconds; this only catches a stuck activity.
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
              // A pause waits for the activity to finish its batch and report what it did.
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofSeconds(10))
                      .setMaximumAttempts(3)
                      .build())
              .build());

  private final OutboxActivities backlogReader =
      Workflow.newActivityStub(
          OutboxActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
              .build());

  private OutboxPublisherInput settings = OutboxPublisherInput.empty().withDefaults();
  private boolean paused;
  private boolean pauseSignalled;
  private String phase = "starting";
  private long publishedTotal;
  private long sendFailuresTotal;
  private long pending;
  private double oldestPendingAgeSeconds;
  private long failedRows;
  private String lastError;
  private int iteration;
  private Promise<PublishSummary> running;

  @Override
  public void run(OutboxPublisherInput input) {
    settings = (input != null ? input : OutboxPublisherInput.empty()).withDefaults();
    String problem = settings.problem();
    if (problem != null) {
      throw ApplicationFailure.newNonRetryableFailure(problem, "InvalidInput");
    }
    publishedTotal = settings.publishedTotal();
    sendFailuresTotal = settings.sendFailuresTotal();
    if (!pauseSignalled) {
      paused = settings.paused();
    }
    while (true) {
      if (iteration >= settings.continueAsNewAfter()
          || Workflow.getInfo().isContinueAsNewSuggested()) {
        log.info(
            "continuing as new after {} iterations, {} published so far",
            iteration,
            publishedTotal);
        Workflow.continueAsNew(carryOver());
      }
      iteration++;
      if (paused) {
        waitWhilePaused();
      } else {
        publishOnce();
      }
    }
  }

  private void publishOnce() {
    phase = "publishing";
    describe();
    PublishRequest request =
        new PublishRequest(
            settings.shard(), settings.shards(), settings.batchSize(), settings.activitySeconds());
    CancellationScope scope =
        Workflow.newCancellationScope(() -> running = Async.function(publisher::publish, request));
    scope.run();
    Workflow.await(() -> running.isCompleted() || paused);
    if (!running.isCompleted()) {
      scope.cancel();
    }
    try {
      apply(running.get());
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        return;
      }
      lastError = Failures.rootMessage(e);
      phase = "retrying";
      describe();
      log.warn("publish activity failed, trying again in {}: {}", RETRY_DELAY, lastError);
      Workflow.await(RETRY_DELAY, () -> paused);
    }
  }

  private void waitWhilePaused() {
    phase = "paused";
    describe();
    if (Workflow.await(PAUSED_REFRESH, () -> !paused)) {
      return;
    }
    try {
      ShardBacklog backlog = backlogReader.backlog(settings.shard(), settings.shards());
      pending = backlog.pending();
      oldestPendingAgeSeconds = backlog.oldestPendingAgeSeconds();
      failedRows = backlog.failedRows();
    } catch (ActivityFailure e) {
      lastError = Failures.rootMessage(e);
    }
  }

  private void apply(PublishSummary s) {
    publishedTotal += s.published();
    sendFailuresTotal += s.sendFailures();
    pending = s.pending();
    oldestPendingAgeSeconds = s.oldestPendingAgeSeconds();
    failedRows = s.failedRows();
    if (s.sendFailures() > 0 || s.lastError() != null) {
      lastError = s.lastError();
    } else if (s.published() > 0) {
      lastError = null;
    }
    if (s.newlyFailed() > 0) {
      log.warn("{} outbox rows became FAILED (last error: {})", s.newlyFailed(), s.lastError());
    }
  }

  private OutboxPublisherInput carryOver() {
    return new OutboxPublisherInput(
        settings.shard(),
        settings.shards(),
        settings.batchSize(),
        settings.activitySeconds(),
        settings.continueAsNewAfter(),
        publishedTotal,
        sendFailuresTotal,
        paused);
  }

  private void describe() {
    Workflow.setCurrentDetails(
        String.format(
            Locale.ROOT,
            "**%s** · shard %d of %d · published %d · pending %d (oldest %.1f s) · FAILED rows %d"
                + " · send failures %d%s",
            phase,
            settings.shard(),
            settings.shards(),
            publishedTotal,
            pending,
            oldestPendingAgeSeconds,
            failedRows,
            sendFailuresTotal,
            lastError != null ? " · last error: " + lastError : ""));
  }

  @Override
  public void pause() {
    pauseSignalled = true;
    paused = true;
  }

  @Override
  public void resume() {
    pauseSignalled = true;
    paused = false;
  }

  @Override
  public OutboxPublisherStatus status() {
    return new OutboxPublisherStatus(
        phase,
        publishedTotal,
        publishedTotal + pending,
        paused,
        pending,
        oldestPendingAgeSeconds,
        publishedTotal,
        failedRows,
        sendFailuresTotal,
        lastError,
        settings.shard(),
        settings.shards(),
        settings.batchSize(),
        iteration);
  }
}
