package io.catalog.workflows.rebuild;

import io.catalog.workflows.LongRunning;
import io.catalog.workflows.PauseSwitch;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Where a rebuild is and what it has done: its phase and the time spent in each, its counts and
 * indices, its pause switch. Everything the progress query, the Temporal UI's details line and the
 * result report show is read from here. Workflow state: only {@link Workflow} APIs.
 */
final class RebuildState {
  private static final Logger log = Workflow.getLogger(ProductSearchRebuildWorkflowImpl.class);
  private static final List<String> INDEXING_PHASES =
      List.of("loading", "catching-up", "final-catch-up");

  private RebuildInput settings = RebuildInput.empty().withDefaults();
  private final Map<String, Long> phaseMillis = new LinkedHashMap<>();
  private String phase = "starting";
  private long phaseStartedAt = -1;
  private final PauseSwitch pauses;
  private long processed;
  private long total;
  long loaded;
  long caughtUp;
  long finalCaughtUp;
  private String alias;
  private String index;
  private String previousIndex;
  private int mappingVersion;
  private int loadResumes;
  private long resumedAfter;
  String lastError;

  /** Reads the pause state from {@code pauses}, which the workflow's signals switch. */
  RebuildState(PauseSwitch pauses) {
    this.pauses = pauses;
  }

  RebuildInput settings() {
    return settings;
  }

  void settings(RebuildInput settings) {
    this.settings = settings;
  }

  /** Takes what the inspection found: the alias, its current index, the mapping, the rows. */
  void planned(RebuildPlan plan) {
    alias = plan.alias();
    mappingVersion = plan.mappingVersion();
    previousIndex = plan.aliasTarget();
    total = settings.fromKafkaSource() ? 0 : plan.databaseRows();
  }

  String alias() {
    return alias;
  }

  String index() {
    return index;
  }

  void index(String index) {
    this.index = index;
  }

  String previousIndex() {
    return previousIndex;
  }

  int mappingVersion() {
    return mappingVersion;
  }

  /** The total grows by {@code more} (a catch-up's span, known once its first chunk read it). */
  void addToTotal(long more) {
    total += more;
  }

  /** The total is exactly {@code total} (a load from Kafka: the records up to the end offsets). */
  void total(long total) {
    this.total = total;
  }

  /**
   * A chunk indexed {@code indexed} documents, and resumed from its heartbeat after {@code skipped}
   * of them when it is a retry.
   */
  void chunkDone(long indexed, int attempt, long skipped) {
    processed += indexed;
    total = Math.max(total, processed);
    noteAttempt(attempt, skipped);
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

  void enter(String next) {
    long now = Workflow.currentTimeMillis();
    if (phaseStartedAt >= 0) {
      phaseMillis.merge(phase, now - phaseStartedAt, Long::sum);
    }
    phase = next;
    phaseStartedAt = now;
    describe();
  }

  /** Waits here while paused. */
  void checkpoint() {
    if (!pauses.isPaused()) {
      return;
    }
    describe();
    pauses.awaitResumed();
    describe();
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

  void describe() {
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
        pauses.isPaused() ? " ⏸ paused" + LongRunning.pauseNote(pauses.note()) : "",
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

  RebuildResult result(
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

  RebuildProgress progress() {
    double rate = rate();
    return new RebuildProgress(
        phase,
        processed,
        total,
        pauses.isPaused(),
        pauses.note(),
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
