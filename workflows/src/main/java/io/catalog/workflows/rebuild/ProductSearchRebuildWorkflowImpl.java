package io.catalog.workflows.rebuild;

import io.catalog.workflows.PausableWorkflow;
import io.catalog.workflows.rebuild.RebuildLoads.CopyOutcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The rebuild saga. Each step registers its compensation before it runs, compensations run in a
 * detached cancellation scope (so a cancelled rebuild still cleans up) in reverse order, and each
 * tolerates its step never having happened ({@link RebuildSaga}). Loads run as bounded activity
 * chunks that return their position ({@link RebuildLoads}), so pause, resume and progress are plain
 * workflow state ({@link RebuildState}).
 */
public class ProductSearchRebuildWorkflowImpl extends PausableWorkflow
    implements ProductSearchRebuildWorkflow {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private static final Logger log = Workflow.getLogger(ProductSearchRebuildWorkflowImpl.class);

  private final RebuildStubs stubs = new RebuildStubs();
  private final RebuildState state = new RebuildState(pauses);
  private final RebuildLoads loads = new RebuildLoads(state);

  @Override
  public RebuildResult run(RebuildInput input) {
    state.settings((input != null ? input : RebuildInput.empty()).withDefaults());
    String problem = state.settings().problem();
    if (problem != null) {
      state.enter("failed");
      throw ApplicationFailure.newNonRetryableFailure(problem, "InvalidInput");
    }
    RebuildSaga saga = new RebuildSaga(stubs, state);
    try {
      return rebuild(saga);
    } catch (TemporalFailure e) {
      throw saga.failed(e, CancellationScope.current().isCancelRequested());
    }
  }

  private RebuildResult rebuild(RebuildSaga saga) {
    RebuildInput settings = state.settings();
    state.enter("inspecting");
    RebuildPlan plan =
        stubs.steps.inspect(settings.mappingVersion() == null ? 0 : settings.mappingVersion());
    state.planned(plan);

    state.checkpoint();
    createIndex(saga, plan);

    state.checkpoint();
    state.enter("recording-offsets");
    OffsetsSnapshot offsets = stubs.steps.recordEndOffsets();

    CopyOutcome catchUp = load(offsets);

    state.checkpoint();
    ValidationReport report = validate(catchUp);
    if (settings.dryRun()) {
      state.enter("deleting-dry-run-index");
      stubs.steps.deleteIndex(state.index());
      state.enter("done");
      return state.result(report, List.of(), null, Map.of());
    }

    state.checkpoint();
    state.enter("restoring-settings");
    stubs.steps.restoreSettings(state.index());

    state.checkpoint();
    state.enter("switching-alias");
    saga.restoreAliasOnFailure(state.previousIndex(), state.index());
    stubs.steps.switchAlias(state.index());

    state.enter("final-catch-up");
    CopyOutcome last =
        loads.copyAll(
            stubs.finalLoads, "final-catch-up", state.alias(), catchUp.position(), null, false);
    state.finalCaughtUp = last.indexed();
    return cleanUp(report, last);
  }

  /** Creates the new index under a name no index had, its deletion registered first. */
  private void createIndex(RebuildSaga saga, RebuildPlan plan) {
    state.enter("creating-index");
    long createdAt = Workflow.currentTimeMillis();
    // The timestamp is the index's idempotency key; never reuse the name of an existing index.
    while (plan.indices().contains(indexName(plan, createdAt))) {
      Workflow.sleep(Duration.ofSeconds(1));
      createdAt = Workflow.currentTimeMillis();
    }
    String index = indexName(plan, createdAt);
    state.index(index);
    saga.deleteIndexOnFailure(index);
    stubs.steps.createIndex(index, state.mappingVersion(), createdAt);
  }

  /** Loads the new index (from the database or Kafka), then catches it up with Kafka. */
  private CopyOutcome load(OffsetsSnapshot offsets) {
    state.enter("loading");
    if (state.settings().fromKafkaSource()) {
      state.total(offsets.records());
      state.loaded =
          loads
              .copyAll(stubs.loads, "load", state.index(), offsets.beginning(), offsets.end(), true)
              .indexed();
    } else {
      state.loaded = loads.loadFromDatabase(stubs.loads);
    }

    state.enter("catching-up");
    CopyOutcome catchUp =
        loads.copyAll(stubs.loads, "catch-up", state.index(), offsets.end(), null, true);
    state.caughtUp = catchUp.indexed();
    return catchUp;
  }

  /** Compares the new index with the database; a mismatch fails the rebuild, alias unmoved. */
  private ValidationReport validate(CopyOutcome catchUp) {
    state.enter("validating");
    ValidationReport report =
        stubs.checks.validate(
            new ValidationRequest(
                state.index(),
                state.settings().sampleSize(),
                Workflow.newRandom().nextLong(),
                catchUp.untilReadAtMicros()));
    if (!report.ok()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "validation failed, alias left on " + state.previousIndex() + ": " + report.summary(),
          "ValidationMismatch",
          report);
    }
    return report;
  }

  private RebuildResult cleanUp(ValidationReport report, CopyOutcome last) {
    // Past the point of no return: the new index serves and is complete. A failed cleanup leaves
    // old indices behind (the next rebuild deletes them) and does not undo a good rebuild.
    state.enter("cleaning-up");
    List<String> deleted = List.of();
    String cleanupError = null;
    try {
      deleted = stubs.steps.deleteOldIndices(state.settings().keepPreviousIndices());
    } catch (ActivityFailure e) {
      cleanupError = RebuildSaga.rootMessage(e);
      log.warn("old indices not deleted: {}", cleanupError);
    }
    state.enter("done");
    return state.result(report, deleted, cleanupError, last.position());
  }

  private static String indexName(RebuildPlan plan, long createdAtMillis) {
    return plan.indexPrefix()
        + plan.mappingVersion()
        + "_"
        + STAMP.format(Instant.ofEpochMilli(createdAtMillis));
  }

  @Override
  protected void afterPauseSignal() {
    state.describe();
  }

  @Override
  public RebuildProgress progress() {
    return state.progress();
  }
}
