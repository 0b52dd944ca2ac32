package io.catalog.cli.chaos;

import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.SearchIndexes;
import io.catalog.testkit.ReadModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read model: equal to the database, the final tranche in it, the alias on one index, a
 * corruption mended.
 */
final class ReadModelInvariants extends InvariantGroup {
  private static final int SHOWN = 3;

  ReadModelInvariants(InvariantGroup sameRun) {
    super(sameRun);
  }

  /**
   * The read model equals the system of record, the final tranche included; the alias on one index.
   */
  void check(List<WorkflowDriver.Outcome> workflows) throws IOException, InterruptedException {
    List<String> differences = new ArrayList<>();
    Polling.await(
        Invariants.SETTLE,
        () -> {
          differences.clear();
          differences.addAll(ReadModel.differences(jdbi, es, names.searchAlias()));
          return differences.isEmpty();
        });
    report.check(
        "Elasticsearch equals the database field by field",
        differences.isEmpty(),
        count(ChaosSql.PRODUCTS)
            + " products compared"
            + (differences.isEmpty()
                ? ""
                : "; "
                    + differences.size()
                    + " differences, first: "
                    + differences.subList(0, Math.min(SHOWN, differences.size()))));
    TrancheVerdict tranche = TrancheVerdict.of(run.tranche(), workflows, differences);
    report.check(
        "the final tranche reached Elasticsearch through the live projection",
        tranche.holds(),
        tranche.detail());
    SearchIndexes indexes = new SearchIndexes(es, names);
    mended(indexes);
    List<String> holders = indexes.aliasHolders();
    List<String> all = indexes.listIndices().stream().map(IndexInfo::name).toList();
    report.check(
        "the alias points at exactly one index",
        holders.size() == 1,
        names.searchAlias()
            + " -> "
            + holders
            + "; "
            + all.size()
            + " indices kept (rollback targets included)");
  }

  /**
   * The index corrupted by hand at the end was mended by the reconciliation, which found at least
   * those documents, and not by a rebuild: the alias still points at the corrupted index.
   */
  private void mended(SearchIndexes indexes) throws IOException {
    ChaosRun.Mended m = run.mended();
    String target = indexes.aliasTarget().orElse("none");
    boolean ok =
        m.result() != null
            && "completed".equals(m.result().phase())
            && m.result().drift().total() >= m.corrupted().total()
            && m.result().repaired() >= m.corrupted().total()
            && target.equals(m.corrupted().index());
    report.check(
        "a corrupted index is mended by the reconciliation, without a rebuild",
        ok,
        m.corrupted().describe()
            + "; "
            + (m.result() == null ? "reconciliation failed: " + m.failure() : m.result().details())
            + "; alias now on "
            + target);
  }
}
