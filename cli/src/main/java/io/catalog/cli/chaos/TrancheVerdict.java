package io.catalog.cli.chaos;

import java.util.List;

/**
 * Whether the final tranche reached Elasticsearch through the live projection alone: every rebuild
 * and replay had ended before its first write (so none of them can have carried it), it created,
 * updated and deleted, and each product it wrote has a document equal to its row.
 */
record TrancheVerdict(boolean holds, String detail) {
  private static final int SHOWN = 3;

  /**
   * @param differences Elasticsearch against the database, as {@code io.catalog.testkit.ReadModel}
   *     lists them: each starts with the product id
   */
  static TrancheVerdict of(
      FinalTranche tranche, List<WorkflowDriver.Outcome> workflows, List<String> differences) {
    List<String> notEndedBefore =
        workflows.stream()
            .filter(o -> o.closedAt() == null || !o.closedAt().isBefore(tranche.startedAt()))
            .map(o -> o.run().kind() + " " + o.run().workflowId() + " " + o.status().toLowerCase())
            .toList();
    List<String> trancheDifferences =
        differences.stream()
            .filter(d -> tranche.products().stream().anyMatch(d::startsWith))
            .toList();
    long productsDiffering =
        tranche.products().stream()
            .filter(id -> trancheDifferences.stream().anyMatch(d -> d.startsWith(id)))
            .count();
    boolean everyKind = tranche.creates() > 0 && tranche.updates() > 0 && tranche.deletes() > 0;
    boolean holds = notEndedBefore.isEmpty() && trancheDifferences.isEmpty() && everyKind;
    String detail =
        tranche.creates()
            + " creates, "
            + tranche.updates()
            + " updates, "
            + tranche.deletes()
            + " deletes on "
            + tranche.products().size()
            + " products after the last of "
            + workflows.size()
            + " rebuilds and replays ended; "
            + productsDiffering
            + " of them differ in Elasticsearch"
            + (trancheDifferences.isEmpty()
                ? ""
                : ", first: "
                    + trancheDifferences.subList(0, Math.min(SHOWN, trancheDifferences.size())))
            + (notEndedBefore.isEmpty() ? "" : "; not ended before the tranche: " + notEndedBefore);
    return new TrancheVerdict(holds, detail);
  }
}
