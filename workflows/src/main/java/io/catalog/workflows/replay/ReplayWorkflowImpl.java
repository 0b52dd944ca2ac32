package io.catalog.workflows.replay;

import io.catalog.workflows.Failures;
import io.catalog.workflows.LongRunning;
import io.catalog.workflows.PausableWorkflow;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Deterministic loop over a bounded activity: "apply records from these positions for a while,
 * return the new positions". Positions are workflow state, so a pause simply stops calling the
 * activity (the running one is cancelled and reports back), a continue-as-new carries them, and a
 * worker crash costs at most one activity's worth of (idempotent) re-application.
 */
public class ReplayWorkflowImpl extends PausableWorkflow implements ReplayWorkflow {
  /** Before {@link #BOUNDED_RETRIES}: the wait between two failed applies, retried forever. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(15);

  /**
   * The change id of bounded retries: runs started before it keep retrying every {@link
   * #RETRY_DELAY} (their histories have no marker); new runs retry one apply with backoff inside
   * {@link #RETRY_WINDOW}, then fail.
   */
  static final String BOUNDED_RETRIES = "bounded-apply-retries";

  /**
   * How long one apply may keep failing before the replay fails: the activity already retries
   * Elasticsearch for 2 minutes itself, so this outlasts a restart of any dependency (the chaos run
   * saw 77 s for Elasticsearch) but not an outage someone must fix.
   */
  static final Duration RETRY_WINDOW = Duration.ofMinutes(15);

  /** The activity heartbeats after every batch; this long without one means its worker is gone. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = Workflow.getLogger(ReplayWorkflowImpl.class);

  private final ReplayActivities planner =
      Workflow.newActivityStub(ReplayActivities.class, LongRunning.shortStep());

  private final ReplayActivities applier =
      Workflow.newActivityStub(
          ReplayActivities.class, LongRunning.pausableBatch(HEARTBEAT_TIMEOUT));

  /** Backoff from 1 s doubling to 30 s, bounded by time, not by count (docs/architecture.md). */
  private final ReplayActivities boundedApplier =
      Workflow.newActivityStub(
          ReplayActivities.class,
          ActivityOptions.newBuilder(LongRunning.pausableBatch(HEARTBEAT_TIMEOUT))
              .setScheduleToCloseTimeout(RETRY_WINDOW)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofSeconds(30))
                      .build())
              .build());

  private boolean boundedRetries;

  private ReplayInput settings = ReplayInput.empty().withDefaults();
  private ReplayPlan plan;
  private SortedMap<Integer, Long> positions = new TreeMap<>();
  private long records;
  private long skipped;
  private long activeMillis;
  private String phase = "planning";
  private String lastError;
  private int activitiesThisRun;

  @Override
  public ReplayResult run(ReplayInput input) {
    settings = (input != null ? input : ReplayInput.empty()).withDefaults();
    LongRunning.requireValid(settings.problem());
    plan = settings.plan();
    positions = new TreeMap<>(settings.positions());
    records = settings.records();
    skipped = settings.skipped();
    activeMillis = settings.activeMillis();
    pauses.carryOver(settings.paused(), settings.pauseNote());
    boundedRetries =
        Workflow.getVersion(BOUNDED_RETRIES, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    try {
      if (plan == null) {
        describe();
        plan = planner.plan(settings.from());
        positions = new TreeMap<>(plan.start());
        log.info("replaying {} from {}: {} offsets", plan.topic(), plan.from(), plan.total());
      }
      while (!plan.finishedAt(positions)) {
        if (LongRunning.continueAsNewDue(activitiesThisRun, settings.continueAsNewAfter())) {
          log.info("continuing as new at {} of {}", plan.covered(positions), plan.total());
          Workflow.continueAsNew(carryOver());
        }
        if (pauses.isPaused()) {
          phase = "paused";
          describe();
          pauses.awaitResumed();
        } else {
          applyOnce();
        }
      }
      phase = "completed";
      describe();
      return result();
    } catch (CanceledFailure e) {
      phase = "cancelled";
      describe();
      throw e;
    }
  }

  private void applyOnce() {
    phase = "replaying";
    describe();
    ReplayBatchRequest request =
        new ReplayBatchRequest(
            plan.topic(), positions, plan.end(), settings.batchSize(), settings.activitySeconds());
    ReplayActivities stub = boundedRetries ? boundedApplier : applier;
    Promise<ReplayBatchResult> running =
        pauses.runUntilPaused(() -> Async.function(stub::applyBatch, request));
    activitiesThisRun++;
    try {
      apply(running.get());
      lastError = null;
    } catch (ActivityFailure e) {
      if (CancellationScope.current().isCancelRequested()) {
        throw new CanceledFailure("replay cancelled");
      }
      if (e.getCause() instanceof CanceledFailure) {
        return;
      }
      lastError = Failures.rootMessage(e);
      if (boundedRetries) {
        phase = "failed";
        describe();
        log.error("apply activity failed for {}, giving up: {}", RETRY_WINDOW, lastError);
        throw ApplicationFailure.newNonRetryableFailureWithCause(
            "replay failed at "
                + positions
                + " after retrying for up to "
                + RETRY_WINDOW.toMinutes()
                + " min: "
                + lastError,
            "ReplayFailed",
            e);
      }
      phase = "retrying";
      describe();
      log.warn("apply activity failed, trying again in {}: {}", RETRY_DELAY, lastError);
      pauses.awaitPaused(RETRY_DELAY);
    }
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("replay cancelled");
    }
  }

  private void apply(ReplayBatchResult r) {
    positions = new TreeMap<>(r.positions());
    records += r.records();
    skipped += r.skipped();
    activeMillis += r.tookMillis();
  }

  private ReplayInput carryOver() {
    return new ReplayInput(
        settings.from(),
        settings.batchSize(),
        settings.activitySeconds(),
        settings.continueAsNewAfter(),
        plan,
        positions,
        records,
        skipped,
        activeMillis,
        pauses.isPaused(),
        settings.run() + 1,
        pauses.note());
  }

  private double rate() {
    return activeMillis == 0 || plan == null ? 0 : plan.covered(positions) * 1000.0 / activeMillis;
  }

  private ReplayResult result() {
    return new ReplayResult(
        plan.covered(positions), plan.total(), records, skipped, activeMillis / 1000.0, rate());
  }

  private void describe() {
    if (plan == null) {
      LongRunning.describe(
          "**%s**%s · from %s · batch %d",
          phase, LongRunning.pauseNote(pauses.note()), settings.from(), settings.batchSize());
      return;
    }
    long processed = plan.covered(positions);
    long total = plan.total();
    LongRunning.describe(
        "**%s**%s · %d / %d offsets (%.1f%%) · %d records applied, %d poison skipped · %.0f/s"
            + " · from %s · batch %d · run %d%s",
        phase,
        LongRunning.pauseNote(pauses.note()),
        processed,
        total,
        percent(processed, total),
        records,
        skipped,
        rate(),
        plan.from(),
        settings.batchSize(),
        settings.run(),
        LongRunning.lastError(lastError));
  }

  private static double percent(long processed, long total) {
    return total == 0 ? 100.0 : Math.floor(processed * 1000.0 / total) / 10.0;
  }

  @Override
  public ReplayProgress progress() {
    if (plan == null) {
      return new ReplayProgress(
          phase,
          0,
          0,
          pauses.isPaused(),
          pauses.note(),
          0,
          records,
          skipped,
          0,
          -1,
          settings.from(),
          null,
          settings.batchSize(),
          List.of(),
          lastError,
          settings.run());
    }
    long processed = plan.covered(positions);
    long total = plan.total();
    List<ReplayPartition> partitions = new ArrayList<>();
    plan.end()
        .forEach(
            (p, end) -> {
              long start = plan.start().getOrDefault(p, end);
              partitions.add(
                  new ReplayPartition(
                      p, start, Math.min(end, positions.getOrDefault(p, start)), end));
            });
    double rate = rate();
    long eta =
        processed >= total ? 0 : rate > 0 ? (long) Math.ceil((total - processed) / rate) : -1;
    return new ReplayProgress(
        phase,
        processed,
        total,
        pauses.isPaused(),
        pauses.note(),
        percent(processed, total),
        records,
        skipped,
        Math.round(rate * 10) / 10.0,
        eta,
        plan.from(),
        plan.topic(),
        settings.batchSize(),
        partitions,
        lastError,
        settings.run());
  }
}
