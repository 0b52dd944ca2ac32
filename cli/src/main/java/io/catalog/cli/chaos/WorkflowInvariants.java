package io.catalog.cli.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds and replays: every one ended, and at least one of each completed. */
final class WorkflowInvariants extends InvariantGroup {
  WorkflowInvariants(InvariantGroup sameRun) {
    super(sameRun);
  }

  /**
   * Rebuilds and replays ended; one of each completed (a rebuild that failed and compensated does
   * not count).
   */
  List<WorkflowDriver.Outcome> check() throws InterruptedException {
    WorkflowDriver driver = run.workload().workflows;
    driver.awaitAllEnded();
    List<WorkflowDriver.Outcome> outcomes = driver.outcomes();
    Map<String, Integer> byStatus = new TreeMap<>();
    outcomes.forEach(
        o -> byStatus.merge(o.run().kind() + " " + o.status().toLowerCase(), 1, Integer::sum));
    List<String> stuck =
        outcomes.stream().filter(o -> !o.ended()).map(o -> o.run().workflowId()).toList();
    long rebuildsCompleted = completed(outcomes, WorkflowDriver.REBUILD);
    long replaysCompleted = completed(outcomes, WorkflowDriver.REPLAY);
    long replays =
        outcomes.stream().filter(o -> o.run().kind().equals(WorkflowDriver.REPLAY)).count();
    report.workload.put("rebuilds_completed", rebuildsCompleted);
    report.workload.put("replays_completed", replaysCompleted);
    report.check(
        "every rebuild and replay ended (none stuck)",
        stuck.isEmpty(),
        (byStatus.isEmpty() ? "none started" : byStatus.toString())
            + (stuck.isEmpty() ? "" : "; stuck: " + stuck));
    report.check(
        "every replay completed",
        replaysCompleted == replays,
        replays + " replays, " + (replays - replaysCompleted) + " not completed");
    report.check(
        "at least one rebuild and one replay completed",
        rebuildsCompleted > 0 && replaysCompleted > 0,
        rebuildsCompleted
            + " rebuilds and "
            + replaysCompleted
            + " replays completed ("
            + driver.lateStarts()
            + " started after the faults to get there)");
    if (run.rebuildBeforeFaults() != null) {
      rebuildBeforeFaults(run.rebuildBeforeFaults(), outcomes);
    }
    return outcomes;
  }

  /**
   * The rebuild started before the first fault completed, and was still running when at least one
   * fault hit: the faults a cluster rides through do not fail or wedge a rebuild in flight.
   */
  private void rebuildBeforeFaults(
      Invariants.RebuildBeforeFaults early, List<WorkflowDriver.Outcome> outcomes) {
    WorkflowDriver.Outcome outcome =
        outcomes.stream().filter(o -> o.run().equals(early.run())).findFirst().orElseThrow();
    long during =
        outcome.closedAt() == null
            ? early.faultsAt().size()
            : early.faultsAt().stream().filter(at -> at.isBefore(outcome.closedAt())).count();
    report.check(
        "a rebuild started before the faults completed",
        outcome.completed() && during > 0,
        "run "
            + early.run().runId()
            + " "
            + outcome.status().toLowerCase()
            + "; "
            + during
            + " of "
            + early.faultsAt().size()
            + " faults hit while it ran");
  }

  private static long completed(List<WorkflowDriver.Outcome> outcomes, String kind) {
    return outcomes.stream().filter(o -> o.run().kind().equals(kind) && o.completed()).count();
  }
}
