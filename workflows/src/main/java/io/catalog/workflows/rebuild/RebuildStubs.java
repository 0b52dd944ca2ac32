package io.catalog.workflows.rebuild;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The rebuild's activity stubs, one per kind of step, each with the timeouts, retries and
 * cancellation that step needs. Created by the workflow instance (creating a stub emits no
 * command). A rollback moves the alias with the same {@link #handover()} options.
 */
final class RebuildStubs {
  /** Load chunks heartbeat after every page; this long without one means the worker is gone. */
  static final Duration LOAD_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

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

  /**
   * Handing the alias from one index to another (the switch undone, a rollback) copies into the
   * index taking the alias what the live projection applied elsewhere since it lost it: it runs as
   * long as that takes, heartbeating, and outlasts any outage an operator would sit through.
   */
  static ActivityOptions handover() {
    return retried(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(1))
            .setHeartbeatTimeout(Duration.ofMinutes(1))
            .setScheduleToCloseTimeout(Duration.ofHours(1)));
  }

  private static ActivityOptions retried(ActivityOptions.Builder options) {
    return options.setRetryOptions(RETRY).build();
  }

  /** An activity stub with {@link #RETRY}, retried for up to {@code window}. */
  private static ProductSearchRebuildActivities stub(
      ActivityOptions.Builder options, Duration window) {
    return stub(retried(options.setScheduleToCloseTimeout(window)));
  }

  private static ProductSearchRebuildActivities stub(ActivityOptions options) {
    return Workflow.newActivityStub(ProductSearchRebuildActivities.class, options);
  }

  /** A load chunk: bounded by its request's seconds, heartbeating after every page or batch. */
  private static ActivityOptions.Builder load() {
    return ActivityOptions.newBuilder()
        // A chunk is bounded by chunkSeconds; this only catches a stuck one.
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setHeartbeatTimeout(LOAD_HEARTBEAT_TIMEOUT)
        // A cancelled rebuild deletes its index only after the chunk stopped writing to it:
        // a bulk write to a deleted index would create it again with dynamic mappings.
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
  }

  /**
   * A step (one or a few requests) heartbeats from a thread of its own while they run; this long
   * without a heartbeat means its worker is gone. Without it, a step whose worker was killed held
   * the rebuild for the whole start-to-close (two minutes in the cluster chaos run).
   */
  static final Duration STEP_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  // An Elasticsearch or database restart only delays a step; an outage longer than its window
  // fails the rebuild, and the compensations put everything back.
  final ProductSearchRebuildActivities steps =
      stub(
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setHeartbeatTimeout(STEP_HEARTBEAT_TIMEOUT)
              // A cancellation during createIndex lets it finish before its compensation deletes.
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED),
          Duration.ofMinutes(10));

  final ProductSearchRebuildActivities loads = stub(load(), Duration.ofMinutes(30));

  final ProductSearchRebuildActivities checks =
      stub(
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(1))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED),
          Duration.ofMinutes(30));

  // Past the switch the new index is validated and serving: its final catch-up is the point of no
  // return and retries for as long as it takes (an outage only delays it). With the 30 min window
  // of the other loads, an outage that long ended in a compensation discarding a validated index.
  final ProductSearchRebuildActivities finalLoads = stub(retried(load()));

  // A compensation must happen: it outlasts any outage an operator would sit through.
  final ProductSearchRebuildActivities undo =
      stub(
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)),
          Duration.ofHours(1));

  final ProductSearchRebuildActivities handBack = stub(handover());
}
