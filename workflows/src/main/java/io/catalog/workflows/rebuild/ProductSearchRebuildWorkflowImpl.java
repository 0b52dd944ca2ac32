package io.catalog.workflows.rebuild;

import io.catalog.workflows.Compensations;
import io.catalog.workflows.LongRunning;
import io.catalog.workflows.PauseSwitch;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The rebuild saga. Each step registers its compensation before it runs, compensations run in a
 * detached cancellation scope (so a cancelled rebuild still cleans up) in reverse order, and each
 * tolerates its step never having happened. Loads run as bounded activity chunks that return their
 * position, so pause, resume and progress are plain workflow state.
 */
public class ProductSearchRebuildWorkflowImpl implements ProductSearchRebuildWorkflow {
  /** Load chunks heartbeat after every page; this long without one means the worker is gone. */
  static final Duration LOAD_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private static final Logger log = Workflow.getLogger(ProductSearchRebuildWorkflowImpl.class);
  private static final List<String> INDEXING_PHASES =
      List.of("loading", "catching-up", "final-catch-up");

  /**
   * Every activity retries transient failures (a server restarting, a worker killed) with backoff
   * up to 30 s, bounded by its schedule-to-close window rather than by a count of attempts: five
   * quick attempts are over in 15 s, shorter than an Elasticsearch restart. Bad input and a failed
   * validation are non-retryable and end the rebuild at once.
   */
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30))
          .build();

  /** An activity stub with {@link #RETRY}, retried for up to {@code window}. */
  private static ProductSearchRebuildActivities stub(
      ActivityOptions.Builder options, Duration window) {
    return Workflow.newActivityStub(
        ProductSearchRebuildActivities.class,
        options.setRetryOptions(RETRY).setScheduleToCloseTimeout(window).build());
  }

  // An Elasticsearch or database restart only delays a step; an outage longer than its window
  // fails the rebuild, and the compensations put everything back.
  private final ProductSearchRebuildActivities steps =
      stub(
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              // A cancellation during createIndex lets it finish before its compensation deletes.
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED),
          Duration.ofMinutes(10));

  private final ProductSearchRebuildActivities loads =
      stub(
          ActivityOptions.newBuilder()
              // A chunk is bounded by chunkSeconds; this only catches a stuck one.
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(LOAD_HEARTBEAT_TIMEOUT)
              // A cancelled rebuild deletes its index only after the chunk stopped writing to it:
              // a bulk write to a deleted index would create it again with dynamic mappings.
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED),
          Duration.ofMinutes(30));

  private final ProductSearchRebuildActivities checks =
      stub(
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(1))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED),
          Duration.ofMinutes(30));

  // Past the switch the new index is validated and serving: its final catch-up is the point of no
  // return and retries for as long as it takes (an outage only delays it). With the 30 min window
  // of the other loads, an outage that long ended in a compensation discarding a validated index.
  private final ProductSearchRebuildActivities finalLoads =
      Workflow.newActivityStub(
          ProductSearchRebuildActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(LOAD_HEARTBEAT_TIMEOUT)
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
              .setRetryOptions(RETRY)
              .build());

  // A compensation must happen: it outlasts any outage an operator would sit through.
  private final ProductSearchRebuildActivities undo =
      stub(
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)),
          Duration.ofHours(1));

  // Putting the alias back copies into the previous index what the live projection applied to the
  // new one since the switch: it runs as long as that takes, heartbeating.
  private final ProductSearchRebuildActivities handBack =
      stub(
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(1))
              .setHeartbeatTimeout(Duration.ofMinutes(1)),
          Duration.ofHours(1));

  /**
   * Version marker: a failed compensation is counted by an activity and fails the rebuild as such.
   */
  static final String REPORT_COMPENSATION_FAILURE = "report-compensation-failure";

  private RebuildInput settings = RebuildInput.empty().withDefaults();
  private final Map<String, Long> phaseMillis = new LinkedHashMap<>();
  private String phase = "starting";
  private long phaseStartedAt = -1;
  private final PauseSwitch pauses = new PauseSwitch();
  private long processed;
  private long total;
  private long loaded;
  private long caughtUp;
  private long finalCaughtUp;
  private String alias;
  private String index;
  private String previousIndex;
  private int mappingVersion;
  private int loadResumes;
  private long resumedAfter;
  private String lastError;

  @Override
  public RebuildResult run(RebuildInput input) {
    settings = (input != null ? input : RebuildInput.empty()).withDefaults();
    String problem = settings.problem();
    if (problem != null) {
      enter("failed");
      throw ApplicationFailure.newNonRetryableFailure(problem, "InvalidInput");
    }
    Compensations saga = new Compensations();
    try {
      return rebuild(saga);
    } catch (TemporalFailure e) {
      boolean cancelled = CancellationScope.current().isCancelRequested();
      lastError = cancelled ? "cancelled" : rootMessage(e);
      log.warn("rebuild {} ({}); compensating", cancelled ? "cancelled" : "failed", lastError);
      String compensationError = compensate(saga);
      enter(cancelled ? "cancelled" : "failed");
      if (compensationError != null
          && Workflow.getVersion(REPORT_COMPENSATION_FAILURE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        throw compensationFailed(e, cancelled, compensationError);
      }
      throw e;
    }
  }

  /**
   * A compensation that failed leaves something behind (an index, the alias on the new index): it
   * is counted on the workers' /metrics and the rebuild fails with type {@code CompensationFailed}
   * (the original failure as its cause), not with the step's failure alone.
   */
  private ApplicationFailure compensationFailed(
      TemporalFailure e, boolean cancelled, String compensationError) {
    String message =
        (cancelled ? "cancelled" : "failed: " + rootMessage(e))
            + "; compensation failed (left behind, index "
            + index
            + "): "
            + compensationError;
    Workflow.newDetachedCancellationScope(
            () -> undo.reportCompensationFailure(Workflow.getInfo().getWorkflowId(), message))
        .run();
    return ApplicationFailure.newNonRetryableFailureWithCause(message, "CompensationFailed", e);
  }

  private RebuildResult rebuild(Compensations saga) {
    enter("inspecting");
    RebuildPlan plan =
        steps.inspect(settings.mappingVersion() == null ? 0 : settings.mappingVersion());
    alias = plan.alias();
    mappingVersion = plan.mappingVersion();
    previousIndex = plan.aliasTarget();
    total = settings.fromKafkaSource() ? 0 : plan.databaseRows();

    checkpoint();
    enter("creating-index");
    long createdAt = Workflow.currentTimeMillis();
    // The timestamp is the index's idempotency key; never reuse the name of an existing index.
    while (plan.indices().contains(indexName(plan, createdAt))) {
      Workflow.sleep(Duration.ofSeconds(1));
      createdAt = Workflow.currentTimeMillis();
    }
    index = indexName(plan, createdAt);
    saga.add(undo::deleteIndex, index);
    steps.createIndex(index, mappingVersion, createdAt);

    checkpoint();
    enter("recording-offsets");
    OffsetsSnapshot offsets = steps.recordEndOffsets();

    enter("loading");
    if (settings.fromKafkaSource()) {
      total = offsets.records();
      loaded = copyAll(loads, "load", index, offsets.beginning(), offsets.end(), true).indexed();
    } else {
      loaded = loadFromDatabase();
    }

    enter("catching-up");
    CopyOutcome catchUp = copyAll(loads, "catch-up", index, offsets.end(), null, true);
    caughtUp = catchUp.indexed();

    checkpoint();
    enter("validating");
    ValidationReport report =
        checks.validate(
            new ValidationRequest(
                index,
                settings.sampleSize(),
                Workflow.newRandom().nextLong(),
                catchUp.untilReadAtMicros()));
    if (!report.ok()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "validation failed, alias left on " + previousIndex + ": " + report.summary(),
          "ValidationMismatch",
          report);
    }
    if (settings.dryRun()) {
      enter("deleting-dry-run-index");
      steps.deleteIndex(index);
      enter("done");
      return result(report, List.of(), null, Map.of());
    }

    checkpoint();
    enter("restoring-settings");
    steps.restoreSettings(index);

    checkpoint();
    enter("switching-alias");
    saga.add(handBack::restoreAlias, previousIndex, index);
    steps.switchAlias(index);

    enter("final-catch-up");
    CopyOutcome last =
        copyAll(finalLoads, "final-catch-up", alias, catchUp.position(), null, false);
    finalCaughtUp = last.indexed();

    // Past the point of no return: the new index serves and is complete. A failed cleanup leaves
    // old indices behind (the next rebuild deletes them) and does not undo a good rebuild.
    enter("cleaning-up");
    List<String> deleted = List.of();
    String cleanupError = null;
    try {
      deleted = steps.deleteOldIndices(settings.keepPreviousIndices());
    } catch (ActivityFailure e) {
      cleanupError = rootMessage(e);
      log.warn("old indices not deleted: {}", cleanupError);
    }
    enter("done");
    return result(report, deleted, cleanupError, last.position());
  }

  private long loadFromDatabase() {
    String afterId = null;
    long indexed = 0;
    for (int chunk = 0; ; chunk++) {
      checkpoint();
      DatabaseLoadResult r =
          loads.loadFromDatabase(
              new DatabaseLoadRequest(
                  requestId("load", chunk),
                  index,
                  afterId,
                  settings.batchSize(),
                  settings.chunkSeconds(),
                  settings.maxDocsPerSecond()));
      if (r.lastId() != null) {
        afterId = r.lastId();
      }
      indexed += r.indexed();
      processed += r.indexed();
      // Rows created while loading are loaded too (ids grow with time).
      total = Math.max(total, processed);
      noteAttempt(r.attempt(), r.resumedAfter());
      describe();
      if (r.done()) {
        return indexed;
      }
    }
  }

  private CopyOutcome copyAll(
      ProductSearchRebuildActivities activities,
      String name,
      String target,
      Map<Integer, Long> from,
      Map<Integer, Long> until,
      boolean pausable) {
    Map<Integer, Long> position = from;
    Map<Integer, Long> end = until;
    long untilReadAt = 0;
    long indexed = 0;
    for (int chunk = 0; ; chunk++) {
      if (pausable) {
        checkpoint();
      }
      EventCopyResult r =
          activities.copyEvents(
              new EventCopyRequest(
                  requestId(name, chunk),
                  target,
                  position,
                  end,
                  settings.batchSize(),
                  settings.chunkSeconds(),
                  settings.maxDocsPerSecond()));
      if (end == null) {
        end = r.until();
        untilReadAt = r.untilReadAtMicros();
        total += OffsetsSnapshot.span(position, end);
      }
      position = r.position();
      indexed += r.indexed();
      processed += r.indexed();
      total = Math.max(total, processed);
      noteAttempt(r.attempt(), r.resumedAfter());
      describe();
      if (r.done()) {
        return new CopyOutcome(position, indexed, untilReadAt);
      }
    }
  }

  private record CopyOutcome(Map<Integer, Long> position, long indexed, long untilReadAtMicros) {}

  /** Runs the compensations; returns why those that failed did, or null. */
  private String compensate(Compensations saga) {
    enter("compensating");
    String[] failed = {null};
    Workflow.newDetachedCancellationScope(
            () -> {
              List<String> failures = saga.run();
              if (!failures.isEmpty()) {
                failed[0] = String.join("; ", failures);
                lastError = lastError + "; compensation failed: " + failed[0];
                log.error("compensation failed: {}", failed[0]);
              }
            })
        .run();
    return failed[0];
  }

  private void checkpoint() {
    if (!pauses.isPaused()) {
      return;
    }
    describe();
    pauses.awaitResumed();
    describe();
  }

  private void noteAttempt(int attempt, long skipped) {
    if (attempt > 1 && skipped > 0) {
      loadResumes++;
      resumedAfter += skipped;
      log.info(
          "a chunk resumed from its heartbeat after {} documents (attempt {})", skipped, attempt);
    }
  }

  private void enter(String next) {
    long now = Workflow.currentTimeMillis();
    if (phaseStartedAt >= 0) {
      phaseMillis.merge(phase, now - phaseStartedAt, Long::sum);
    }
    phase = next;
    phaseStartedAt = now;
    describe();
  }

  private String requestId(String name, int chunk) {
    return Workflow.getInfo().getWorkflowId()
        + "/"
        + Workflow.getInfo().getRunId()
        + "/"
        + name
        + "/"
        + chunk;
  }

  private static String indexName(RebuildPlan plan, long createdAtMillis) {
    return plan.indexPrefix()
        + plan.mappingVersion()
        + "_"
        + STAMP.format(Instant.ofEpochMilli(createdAtMillis));
  }

  /** Documents per second over the phases that index (load and catch-ups), so far. */
  private double rate() {
    long millis = 0;
    for (String indexing : INDEXING_PHASES) {
      millis += phaseMillis.getOrDefault(indexing, 0L);
    }
    if (INDEXING_PHASES.contains(phase) && phaseStartedAt >= 0) {
      millis += Workflow.currentTimeMillis() - phaseStartedAt;
    }
    return millis <= 0 ? 0 : processed * 1000.0 / millis;
  }

  private long eta(double rate) {
    if (phase.equals("done")) {
      return 0;
    }
    return rate <= 0 ? -1 : (long) Math.ceil(Math.max(0, total - processed) / rate);
  }

  private void describe() {
    double rate = rate();
    long eta = eta(rate);
    String percent =
        total > 0
            ? String.format(Locale.ROOT, " (%.1f%%)", Math.min(100.0, processed * 100.0 / total))
            : "";
    LongRunning.describe(
        "**%s**%s · %,d / %,d documents%s · %,.0f docs/s · ETA %s · source `%s` · index `%s`"
            + " · previous `%s`%s",
        phase,
        pauses.isPaused() ? " ⏸ paused" : "",
        processed,
        total,
        percent,
        rate,
        eta < 0 ? "unknown" : eta + " s",
        settings.source(),
        index == null ? "-" : index,
        previousIndex == null ? "-" : previousIndex,
        LongRunning.lastError(lastError));
  }

  private RebuildResult result(
      ValidationReport report,
      List<String> deleted,
      String cleanupError,
      Map<Integer, Long> finalPosition) {
    return new RebuildResult(
        index,
        previousIndex,
        settings.source(),
        mappingVersion,
        settings.dryRun(),
        loaded,
        caughtUp,
        finalCaughtUp,
        new TreeMap<>(finalPosition),
        loadResumes,
        resumedAfter,
        report,
        deleted,
        cleanupError,
        new LinkedHashMap<>(phaseMillis));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure af ? af.getOriginalMessage() : t.getMessage();
  }

  @Override
  public void pause() {
    pauses.pause();
    describe();
  }

  @Override
  public void resume() {
    pauses.resume();
    describe();
  }

  @Override
  public RebuildProgress progress() {
    double rate = rate();
    return new RebuildProgress(
        phase,
        processed,
        total,
        pauses.isPaused(),
        Math.round(rate * 10) / 10.0,
        eta(rate),
        index,
        settings.source(),
        previousIndex,
        mappingVersion,
        settings.dryRun(),
        loadResumes,
        resumedAfter,
        lastError);
  }
}
