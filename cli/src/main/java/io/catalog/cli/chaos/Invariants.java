package io.catalog.cli.chaos;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The invariants a run checks once everything is healed, each waiting up to {@link #SETTLE} for the
 * platform to drain. Each adds one row (or a few) to the report; see runbooks/10-chaos.md.
 */
final class Invariants extends InvariantGroup {
  static final Duration SETTLE = Duration.ofMinutes(5);

  /** What the run did that the invariants compare against. */
  record Run(
      ChaosPlan plan,
      ChaosWorkload workload,
      FinalTranche tranche,
      List<OutageProbe.Answers> databaseOutages,
      ChaosRun.Mended mended,
      RebuildBeforeFaults rebuildBeforeFaults) {}

  /**
   * The rebuild a cluster run starts before its first fault (null in other runs), and when each
   * fault was injected.
   */
  record RebuildBeforeFaults(WorkflowDriver.Started run, List<Instant> faultsAt) {}

  Invariants(
      ChaosReport report,
      Jdbi jdbi,
      ElasticsearchClient es,
      String kafka,
      PlatformNames names,
      Run run) {
    super(report, jdbi, es, kafka, names, run);
  }

  void checkAll(Consumer<String> say) throws IOException, InterruptedException {
    say.accept(
        "checking the invariants (waiting up to "
            + SETTLE.toMinutes()
            + " min for each to settle)");
    List<WorkflowDriver.Outcome> workflows = new WorkflowInvariants(this).check();
    if (run.plan().faults().contains(Fault.POSTGRES)) {
      databaseOutages();
    }
    // The command backlog first: while commands are still being applied, new outbox rows appear,
    // and the outbox and Kafka counts below would race them (an event published between reading
    // the outbox and reading the topic looks "unknown").
    commands();
    DeliveryInvariants delivery = new DeliveryInvariants(this);
    delivery.outbox();
    delivery.kafka();
    new ReadModelInvariants(this).check(workflows);
    new DeadLetterInvariants(this).check();
  }

  /** While Postgres was down the API said so: 503 on /health and on writes. */
  private void databaseOutages() {
    List<OutageProbe.Answers> outages = run.databaseOutages();
    boolean each =
        !outages.isEmpty()
            && outages.stream().allMatch(a -> a.health503() > 0 && a.writes503() > 0);
    report.check(
        "the API answered 503 while Postgres was down",
        each,
        outages.size()
            + " outages; /health answered "
            + outages.stream().map(OutageProbe.Answers::health).toList()
            + ", creates "
            + outages.stream().map(OutageProbe.Answers::writes).toList()
            + " (status: count; -1 no answer)");
  }

  /** Each acknowledged valid command applied exactly once, nothing applied that was not sent. */
  private void commands() throws InterruptedException {
    Polling.await(
        SETTLE, () -> texts(ChaosSql.PROCESSED_COMMANDS).containsAll(commands.acknowledged));
    Set<String> processed = texts(ChaosSql.PROCESSED_COMMANDS);
    long notApplied = commands.acknowledged.stream().filter(id -> !processed.contains(id)).count();
    long foreign = processed.stream().filter(id -> !commands.attempted.contains(id)).count();
    long commandProducts = count(ChaosSql.PRODUCTS_FROM_COMMANDS);
    report.check(
        "every command applied exactly once",
        notApplied == 0 && foreign == 0 && commandProducts == processed.size(),
        commands.acknowledged.size()
            + " acknowledged (each delivered twice), "
            + processed.size()
            + " applied, "
            + commandProducts
            + " products from commands, "
            + notApplied
            + " not applied");
  }
}
