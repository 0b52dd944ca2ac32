package io.catalog.cli.chaos;

import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.rebuild.RebuildAlreadyRunningException;
import io.catalog.operations.rebuild.RebuildClient;
import io.catalog.operations.replay.ReplayClient;
import io.catalog.workflows.rebuild.RebuildInput;
import io.catalog.workflows.replay.ReplayInput;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The search rebuilds and Kafka replays of a run. While the faults last it starts them on the
 * plan's schedule (rebuilds from the database and from Kafka in turn). When the faults are over it
 * stops starting them on schedule, and starts more only until one rebuild and one replay have
 * completed: a rebuild that failed and compensated, or a replay that failed, does not count.
 */
final class WorkflowDriver implements Runnable {
  static final String REBUILD = "rebuild";
  static final String REPLAY = "replay";

  /** Starts after the faults, per kind, before the run gives up on seeing one complete. */
  static final int COMPLETION_ATTEMPTS = 3;

  /** A rebuild or replay of a few thousand products takes seconds; this is for a slow machine. */
  private static final Duration ONE_RUN = Duration.ofMinutes(4);

  private static final long TICK_MILLIS = 500;

  private static final int START_ATTEMPTS = 5;
  private static final long START_BACKOFF_MILLIS = 2_000;

  /**
   * One workflow the run started; {@code runId} tells the rebuild's runs apart (they share an id).
   */
  record Started(String kind, String workflowId, String runId) {}

  /** What Temporal says about one of them; {@code closedAt} is null while it runs. */
  record Outcome(Started run, String status, Instant closedAt) {
    boolean completed() {
      return "COMPLETED".equals(status);
    }

    boolean ended() {
      return !"RUNNING".equals(status) && !"UNKNOWN".equals(status);
    }
  }

  private final ChaosPlan plan;
  private final WorkflowClient temporal;
  private final PlatformNames names;
  private final RebuildClient rebuilds;
  private final ReplayClient replays;
  private final Consumer<String> say;
  private final AtomicBoolean scheduling = new AtomicBoolean(true);
  private final List<Started> started = Collections.synchronizedList(new ArrayList<>());
  private final List<String> replayIds;
  final List<String> startFailures = Collections.synchronizedList(new ArrayList<>());
  private int rebuildsStarted;
  private int lateStarts;

  WorkflowDriver(
      ChaosPlan plan,
      WorkflowClient temporal,
      PlatformNames names,
      List<String> replayIds,
      Consumer<String> say) {
    this.plan = plan;
    this.temporal = temporal;
    this.names = names;
    this.rebuilds = new RebuildClient(temporal, names);
    this.replays = new ReplayClient(temporal, names);
    this.replayIds = replayIds;
    this.say = say;
  }

  /**
   * Starts a rebuild every {@code rebuildEvery} and a replay every {@code replayEvery} until {@link
   * #stopScheduling()}.
   */
  @Override
  public void run() {
    long nextRebuild = System.nanoTime() + plan.rebuildEvery().toNanos() / 3;
    long nextReplay = System.nanoTime() + plan.replayEvery().toNanos() / 2;
    while (scheduling.get()) {
      long now = System.nanoTime();
      if (now >= nextRebuild) {
        startRebuild();
        nextRebuild = now + plan.rebuildEvery().toNanos();
      }
      if (now >= nextReplay) {
        startReplay();
        nextReplay = now + plan.replayEvery().toNanos();
      }
      try {
        Thread.sleep(TICK_MILLIS); // the schedule's tick
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void stopScheduling() {
    scheduling.set(false);
  }

  /**
   * Waits for what runs to end; while no rebuild (then no replay) has completed, starts another and
   * waits for it, up to {@link #COMPLETION_ATTEMPTS} times. Call with the faults healed.
   */
  void ensureOneCompletedOfEach() throws InterruptedException {
    ensureCompleted(REBUILD);
    ensureCompleted(REPLAY);
  }

  private void ensureCompleted(String kind) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      awaitAllEnded();
      if (outcomes().stream().anyMatch(o -> o.run().kind().equals(kind) && o.completed())) {
        return;
      }
      if (attempt > COMPLETION_ATTEMPTS) {
        return;
      }
      say.accept(
          "no "
              + kind
              + " has completed yet: starting another ("
              + attempt
              + " of "
              + COMPLETION_ATTEMPTS
              + ")");
      lateStarts++;
      if (REBUILD.equals(kind)) {
        startRebuild();
      } else {
        startReplay();
      }
    }
  }

  /**
   * Waits until none of the started rebuilds and replays runs; false after {@link #ONE_RUN} per
   * attempt allowed.
   */
  boolean awaitAllEnded() throws InterruptedException {
    return Polling.await(ONE_RUN, () -> outcomes().stream().allMatch(Outcome::ended));
  }

  List<Outcome> outcomes() {
    List<Started> all;
    synchronized (started) {
      all = List.copyOf(started);
    }
    return all.stream().map(this::outcome).toList();
  }

  private Outcome outcome(Started run) {
    try {
      WorkflowExecutionDescription d =
          temporal
              .newUntypedWorkflowStub(
                  run.workflowId(), Optional.ofNullable(run.runId()), Optional.empty())
              .describe();
      return new Outcome(
          run,
          io.catalog.operations.temporal.Executions.shortName(d.getStatus()),
          d.getCloseTime());
    } catch (RuntimeException e) {
      return new Outcome(run, "UNKNOWN", null);
    }
  }

  /** Rebuilds and replays started after the faults because none of their kind had completed. */
  int lateStarts() {
    return lateStarts;
  }

  long started(String kind) {
    return started.stream().filter(s -> s.kind().equals(kind)).count();
  }

  /**
   * Starts a rebuild from the database throttled to {@code docsPerSecond}, so that it is still
   * loading when the faults come. A start whose answer did not come back in time (a busy server) is
   * tried again; if an earlier try did reach the server, its run is the one. One that cannot start
   * at all is an error. Returns the run.
   */
  Started startThrottledRebuild(int docsPerSecond) throws InterruptedException {
    RebuildInput input =
        RebuildInput.fromDatabase()
            .with(f -> f.batchSize = 100)
            .with(f -> f.maxDocsPerSecond = docsPerSecond);
    String runId = null;
    for (int attempt = 1; runId == null; attempt++) {
      try {
        runId = rebuilds.start(input).getRunId();
      } catch (RebuildAlreadyRunningException e) {
        if (attempt == 1) {
          throw e; // not this run's: nothing else starts a rebuild of these names
        }
        runId = e.runId();
      } catch (RuntimeException e) {
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        Throwable why = e.getCause() != null ? e.getCause() : e;
        say.accept("retrying: the rebuild's start (" + why.getMessage() + ")");
        Thread.sleep(START_BACKOFF_MILLIS); // a client's back-off before it asks again
      }
    }
    rebuildsStarted++;
    Started s = new Started(REBUILD, names.rebuildWorkflowId(), runId);
    started.add(s);
    say.accept(
        "started:  search rebuild from the database at most "
            + docsPerSecond
            + " docs/s, before the faults (run "
            + runId
            + ")");
    return s;
  }

  private void startRebuild() {
    // Sources alternate over the rebuilds that started: a refused start keeps its source's turn.
    String source = rebuildsStarted % 2 == 0 ? RebuildInput.DATABASE : RebuildInput.KAFKA;
    try {
      WorkflowExecution run =
          rebuilds.start(RebuildInput.empty().withSource(source).with(f -> f.batchSize = 500));
      rebuildsStarted++;
      started.add(new Started(REBUILD, names.rebuildWorkflowId(), run.getRunId()));
      say.accept("started:  search rebuild from the " + source + " (run " + run.getRunId() + ")");
    } catch (RebuildAlreadyRunningException e) {
      say.accept("skipped:  search rebuild (the previous one still runs)");
    } catch (RuntimeException e) {
      startFailures.add("rebuild: " + e.getMessage());
      say.accept("refused:  search rebuild from the " + source + " (" + e.getMessage() + ")");
    }
  }

  private void startReplay() {
    try {
      WorkflowExecution run = replays.start(ReplayInput.of(null, null), Instant.now());
      started.add(new Started(REPLAY, run.getWorkflowId(), null));
      replayIds.add(run.getWorkflowId());
      say.accept("started:  Kafka replay from the earliest offset (" + run.getWorkflowId() + ")");
    } catch (RuntimeException e) {
      startFailures.add("replay: " + e.getMessage());
      say.accept("refused:  Kafka replay (" + e.getMessage() + ")");
    }
  }
}
