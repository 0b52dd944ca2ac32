package io.catalog.workflows.reconcile;

import io.catalog.workflows.LongRunning;
import io.catalog.workflows.PausableWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Compare, wait, confirm and repair. The comparison walks the id space in slices of buckets (one
 * activity each, so progress moves and a pause holds between slices); candidates wait out the grace
 * period on a durable timer, then are re-checked as they are now, so a write in flight is never
 * taken for drift, and only what is still different is repaired.
 */
public class SearchReconciliationWorkflowImpl extends PausableWorkflow
    implements SearchReconciliationWorkflow {
  /** Ids per confirm activity: one database query, one mget and at most two bulks. */
  static final int CONFIRM_CHUNK = 500;

  /** Slices per run: enough for progress to move, few enough for a short history. */
  static final int SLICES = 16;

  static final int MAX_EXAMPLES = 20;

  private static final Logger log = Workflow.getLogger(SearchReconciliationWorkflowImpl.class);

  private final ReconcileActivities quick =
      Workflow.newActivityStub(ReconcileActivities.class, LongRunning.shortStep());

  private final ReconcileActivities batch =
      Workflow.newActivityStub(
          ReconcileActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(Duration.ofSeconds(60))
              .setRetryOptions(LongRunning.batchRetries().setMaximumAttempts(5).build())
              .build());

  private ReconcileInput settings = ReconcileInput.empty().withDefaults();
  private String phase = "planning";
  private ReconcilePlan plan;
  private int bucketsChecked;
  private int bucketsDiffering;
  private final List<String> candidates = new ArrayList<>();
  private boolean truncated;
  private DriftCounts drift = DriftCounts.NONE;
  private long inFlight;
  private long repaired;
  private long superseded;
  private final List<String> examples = new ArrayList<>();

  @Override
  public ReconcileProgress run(ReconcileInput input) {
    settings = (input != null ? input : ReconcileInput.empty()).withDefaults();
    LongRunning.requireValid(settings.problem());
    try {
      describe();
      plan = quick.plan();
      describe();
      compare();
      if (!candidates.isEmpty()) {
        phase = "waiting";
        describe();
        Workflow.sleep(Duration.ofSeconds(settings.graceSeconds()));
        confirm();
      }
      phase = "completed";
      ReconcileProgress result = progress();
      describe();
      quick.recordRun(result);
      log.info(
          "reconciled {}: drift {}, in flight {}, repaired {}",
          plan.index(),
          drift.describe(),
          inFlight,
          repaired);
      return result;
    } catch (CanceledFailure e) {
      phase = "cancelled";
      describe();
      throw e;
    }
  }

  private void compare() {
    int buckets = plan.buckets();
    int slice = Math.max(1, buckets / SLICES);
    for (int from = 0; from < buckets; from += slice) {
      holdWhilePaused("comparing");
      int room = settings.maxDifferences() - candidates.size();
      SliceReport report =
          batch.compareSlice(plan.slice(from, Math.min(buckets, from + slice), Math.max(room, 0)));
      bucketsChecked += report.buckets();
      bucketsDiffering += report.differingBuckets();
      candidates.addAll(report.candidates());
      truncated |= report.overflow() > 0;
      describe();
    }
  }

  private void confirm() {
    for (int from = 0; from < candidates.size(); from += CONFIRM_CHUNK) {
      holdWhilePaused(settings.dryRun() ? "confirming" : "repairing");
      List<String> chunk =
          candidates.subList(from, Math.min(candidates.size(), from + CONFIRM_CHUNK));
      ConfirmReport report = batch.confirm(new ConfirmRequest(chunk, settings.graceSeconds()));
      drift = drift.plus(report.drift());
      inFlight += report.inFlight();
      for (String example : report.examples()) {
        if (examples.size() < MAX_EXAMPLES) {
          examples.add(example);
        }
      }
      describe();
      if (!settings.dryRun() && !report.drifted().isEmpty()) {
        RepairReport mended =
            batch.repair(new ConfirmRequest(report.drifted(), settings.graceSeconds()));
        repaired += mended.repaired();
        superseded += mended.superseded();
        describe();
      }
    }
  }

  private void holdWhilePaused(String working) {
    if (pauses.isPaused()) {
      phase = "paused";
      describe();
      pauses.awaitResumed();
    }
    phase = working;
    describe();
  }

  private void describe() {
    Workflow.setCurrentDetails(progress().details());
  }

  @Override
  public ReconcileProgress progress() {
    return new ReconcileProgress(
        phase,
        plan == null ? null : plan.index(),
        settings.dryRun(),
        pauses.isPaused(),
        pauses.note(),
        bucketsChecked,
        plan == null ? 0 : plan.buckets(),
        bucketsDiffering,
        candidates.size(),
        drift,
        inFlight,
        repaired,
        superseded,
        truncated,
        examples);
  }
}
