package io.catalog.workflows.dlq;

import io.catalog.workflows.Failures;
import io.catalog.workflows.LongRunning;
import io.catalog.workflows.PausableWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Deterministic loop: run a queued operator action if there is one, otherwise read the next batch
 * of dead letters (unless paused), and wait a little once the topic is drained. Signals only queue
 * actions, so an action never runs twice at once and each one's result is kept for the query.
 */
public class DlqTriageWorkflowImpl extends PausableWorkflow implements DlqTriageWorkflow {
  static final Duration RETRY_DELAY = Duration.ofSeconds(10);

  /** {@code resolved_by} of entries replayed or discarded by a signal that names no one. */
  static final String SIGNAL = "signal";

  private static final Logger log = Workflow.getLogger(DlqTriageWorkflowImpl.class);

  private final DlqTriageActivities activities =
      Workflow.newActivityStub(
          DlqTriageActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  LongRunning.batchRetries()
                      .setDoNotRetry("java.lang.IllegalArgumentException")
                      .build())
              .build());

  private DlqTriageInput settings = DlqTriageInput.empty().withDefaults();
  private final Deque<DlqAction> queue = new ArrayDeque<>();
  private SortedMap<Integer, Long> positions = new TreeMap<>();
  private long readTotal;
  private String phase = "starting";
  private DlqSummary summary = DlqSummary.empty();
  private DlqActionResult lastAction;
  private String lastError;
  private int iteration;

  @Override
  public void run(DlqTriageInput input) {
    settings = (input != null ? input : DlqTriageInput.empty()).withDefaults();
    LongRunning.requireValid(settings.problem());
    positions = new TreeMap<>(settings.positions());
    readTotal = settings.readTotal();
    // Signals that arrived before this point are already queued; carried ones go first.
    for (int i = settings.pending().size() - 1; i >= 0; i--) {
      queue.addFirst(settings.pending().get(i));
    }
    pauses.carryOver(settings.paused(), settings.pauseNote());
    describe();
    while (true) {
      if (queue.isEmpty()
          && LongRunning.continueAsNewDue(iteration, settings.continueAsNewAfter())) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        log.info(
            "continuing as new after {} iterations, {} dead letters read", iteration, readTotal);
        Workflow.continueAsNew(carryOver());
      }
      iteration++;
      if (!queue.isEmpty()) {
        runAction(queue.poll());
      } else if (pauses.isPaused()) {
        phase = "paused";
        describe();
        pauses.awaitResumedOr(() -> !queue.isEmpty());
      } else {
        readOnce();
      }
    }
  }

  private void readOnce() {
    phase = "reading";
    DlqIngestResult result;
    try {
      result = activities.ingest(new DlqIngestRequest(positions, settings.batchSize()));
    } catch (ActivityFailure e) {
      lastError = Failures.rootMessage(e);
      phase = "retrying";
      describe();
      log.warn(
          "reading the dead-letter topic failed, trying again in {}: {}", RETRY_DELAY, lastError);
      Workflow.await(RETRY_DELAY, () -> !queue.isEmpty());
      return;
    }
    lastError = null;
    positions = new TreeMap<>(result.positions());
    readTotal += result.read();
    summary = result.summary();
    if (result.parked() > 0) {
      log.info("parked {} new dead letters ({} PARKED in all)", result.parked(), summary.parked());
    }
    if (result.read() < settings.batchSize()) {
      phase = "idle";
      describe();
      Workflow.await(
          Duration.ofSeconds(settings.idleSeconds()), () -> pauses.isPaused() || !queue.isEmpty());
    }
  }

  private void runAction(DlqAction action) {
    boolean replay = DlqAction.REPLAY.equals(action.kind());
    phase = replay ? "replaying" : "discarding";
    describe();
    DlqActionResult result;
    try {
      result = replay ? activities.replay(action.filter()) : activities.discard(action.filter());
      summary = activities.summary();
    } catch (ActivityFailure e) {
      result = DlqActionResult.failed(action, Failures.rootMessage(e));
    }
    lastAction = result;
    log.info(
        "{} {}: matched {}, done {}, left parked {}, skipped as stale {}{}",
        result.action(),
        result.filter(),
        result.matched(),
        result.done(),
        result.skipped(),
        result.stale(),
        result.error() != null ? ", error: " + result.error() : "");
    describe();
  }

  private DlqTriageInput carryOver() {
    return new DlqTriageInput(
        settings.batchSize(),
        settings.idleSeconds(),
        settings.continueAsNewAfter(),
        positions,
        readTotal,
        pauses.isPaused(),
        new ArrayList<>(queue),
        pauses.note());
  }

  private void describe() {
    LongRunning.describe(
        "**%s**%s · %d PARKED (oldest %s) · %d replayed · %d discarded · %d read · positions %s%s%s",
        phase,
        LongRunning.pauseNote(pauses.note()),
        summary.parked(),
        summary.oldestParkedAt() == null ? "-" : summary.oldestParkedAt(),
        summary.replayed(),
        summary.discarded(),
        readTotal,
        positions,
        lastAction == null
            ? ""
            : String.format(
                Locale.ROOT,
                " · last %s %s: %d of %d%s%s",
                lastAction.action(),
                lastAction.filter(),
                lastAction.done(),
                lastAction.matched(),
                lastAction.stale() == 0 ? "" : ", " + lastAction.stale() + " skipped as stale",
                lastAction.error() == null ? "" : " (failed: " + lastAction.error() + ")"),
        LongRunning.lastError(lastError));
  }

  @Override
  public void replay(DlqFilter filter) {
    queue.add(new DlqAction(DlqAction.REPLAY, signalled(filter)));
  }

  @Override
  public void discard(DlqFilter filter) {
    queue.add(new DlqAction(DlqAction.DISCARD, signalled(filter)));
  }

  /** No input selects every PARKED entry; entries record who asked, "signal" when nobody said. */
  private static DlqFilter signalled(DlqFilter filter) {
    DlqFilter f = filter != null ? filter : DlqFilter.all();
    return f.requestedBy() == null || f.requestedBy().isBlank() ? f.requestedBy(SIGNAL) : f;
  }

  @Override
  public DlqTriageStatus summary() {
    return new DlqTriageStatus(
        phase,
        readTotal,
        summary.total(),
        pauses.isPaused(),
        pauses.note(),
        summary.parked(),
        summary.oldestParkedAt(),
        summary,
        positions,
        lastAction,
        queue.size(),
        lastError,
        iteration);
  }
}
