package io.catalog.cli.chaos;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.SearchIndexes;
import io.catalog.testkit.ReadModel;
import io.catalog.testkit.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;

/**
 * The invariants a run checks once everything is healed, each waiting up to {@link #SETTLE} for the
 * platform to drain. Each adds one row (or a few) to the report; see runbooks/10-chaos.md.
 */
final class Invariants {
  static final Duration SETTLE = Duration.ofMinutes(5);
  private static final int SHOWN = 3;

  /** What the run did that the invariants compare against. */
  record Run(
      ChaosWorkload workload,
      FinalTranche tranche,
      List<OutageProbe.Answers> databaseOutages,
      ChaosRun.Mended mended) {}

  private final ChaosReport report;
  private final Jdbi jdbi;
  private final ElasticsearchClient es;
  private final String kafka;
  private final PlatformNames names;
  private final Run run;
  private final CommandFeeder commands;

  Invariants(
      ChaosReport report,
      Jdbi jdbi,
      ElasticsearchClient es,
      String kafka,
      PlatformNames names,
      Run run) {
    this.report = report;
    this.jdbi = jdbi;
    this.es = es;
    this.kafka = kafka;
    this.names = names;
    this.run = run;
    this.commands = run.workload().commands;
  }

  void checkAll(Consumer<String> say) throws IOException, InterruptedException {
    say.accept(
        "checking the invariants (waiting up to "
            + SETTLE.toMinutes()
            + " min for each to settle)");
    List<WorkflowDriver.Outcome> workflows = workflows();
    databaseOutages();
    // The command backlog first: while commands are still being applied, new outbox rows appear,
    // and the outbox and Kafka counts below would race them (an event published between reading
    // the outbox and reading the topic looks "unknown").
    commands();
    outbox();
    kafka();
    readModel(workflows);
    deadLetters();
  }

  /**
   * Rebuilds and replays ended; one of each completed (a rebuild that failed and compensated does
   * not count).
   */
  private List<WorkflowDriver.Outcome> workflows() throws InterruptedException {
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
    return outcomes;
  }

  private static long completed(List<WorkflowDriver.Outcome> outcomes, String kind) {
    return outcomes.stream().filter(o -> o.run().kind().equals(kind) && o.completed()).count();
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

  private void outbox() throws InterruptedException {
    Polling.await(SETTLE, () -> count(ChaosSql.OUTBOX_PENDING) == 0);
    long pending = count(ChaosSql.OUTBOX_PENDING);
    long failed = count(ChaosSql.OUTBOX_FAILED);
    long failedWithoutCause = count(ChaosSql.OUTBOX_FAILED_WITHOUT_CAUSE);
    report.check(
        "no outbox row PENDING, none FAILED without a cause",
        pending == 0 && failedWithoutCause == 0,
        count(ChaosSql.OUTBOX_ROWS)
            + " rows: "
            + pending
            + " pending, "
            + failed
            + " failed ("
            + failedWithoutCause
            + " without a cause)");
    long versionsWithoutEvent = count(ChaosSql.PRODUCTS_WHOSE_VERSION_IS_NOT_THEIR_EVENT_COUNT);
    report.check(
        "every committed product change has exactly one outbox event",
        versionsWithoutEvent == 0,
        count(ChaosSql.PRODUCTS)
            + " products, "
            + versionsWithoutEvent
            + " whose version differs from their event count");
  }

  /** Every event on Kafka under its own event_id, and each product's versions in order. */
  private void kafka() {
    Set<String> outboxIds =
        new HashSet<>(
            jdbi.withHandle(
                h -> h.createQuery(ChaosSql.OUTBOX_EVENT_IDS).mapTo(String.class).list()));
    List<ConsumerRecord<String, String>> onTopic =
        TopicReader.readAll(kafka, names.productEvents()).stream()
            .filter(
                r -> !commands.poisonEvents.contains(r.key())) // the broken records sent on purpose
            .toList();
    Set<String> topicIds =
        onTopic.stream().map(r -> header(r, "event_id")).collect(Collectors.toSet());
    Set<String> missing = new HashSet<>(outboxIds);
    missing.removeAll(topicIds);
    Set<String> unknown = new HashSet<>(topicIds);
    unknown.removeAll(outboxIds);
    report.check(
        "every committed change is on Kafka",
        missing.isEmpty() && unknown.isEmpty(),
        outboxIds.size()
            + " events in the outbox, "
            + onTopic.size()
            + " records ("
            + topicIds.size()
            + " distinct event ids) on "
            + names.productEvents()
            + "; missing "
            + missing.size()
            + ", unknown "
            + unknown.size());
    KafkaOrder.Verdict order = KafkaOrder.check(onTopic.stream().map(Invariants::event).toList());
    report.check(
        "each product's versions are strictly increasing on Kafka",
        order.holds(),
        order.products()
            + " products, "
            + order.updated()
            + " with several versions (up to "
            + order.longest()
            + "); "
            + order.redeliveries()
            + " redelivered records skipped; "
            + order.violationCount()
            + " out of order"
            + (order.violations().isEmpty() ? "" : ", first: " + order.violations()));
  }

  private static KafkaOrder.Event event(ConsumerRecord<String, String> r) {
    long version;
    try {
      version = Json.mapper().readTree(r.value()).path("aggregate_version").asLong(-1);
    } catch (Exception e) {
      version = -1; // not JSON: shows up as out of order rather than being skipped
    }
    return new KafkaOrder.Event(r.key(), r.partition(), r.offset(), header(r, "event_id"), version);
  }

  /** Each acknowledged valid command applied exactly once, nothing applied that was not sent. */
  private void commands() throws InterruptedException {
    Polling.await(SETTLE, () -> processed().containsAll(commands.acknowledged));
    Set<String> processed = processed();
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

  /**
   * The read model equals the system of record, the final tranche included; the alias on one index.
   */
  private void readModel(List<WorkflowDriver.Outcome> workflows)
      throws IOException, InterruptedException {
    List<String> differences = new ArrayList<>();
    Polling.await(
        SETTLE,
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

  /**
   * Exactly the broken commands and events sent on purpose, every broken event parked by triage.
   */
  private void deadLetters() throws InterruptedException {
    Polling.await(
        SETTLE,
        () ->
            dlqKeys(names.dlqProductCommands()).containsAll(commands.poisonAcknowledged)
                && parkedKeys().containsAll(commands.poisonEventsAcknowledged));
    Set<String> dlqCommands = dlqKeys(names.dlqProductCommands());
    Set<String> dlqEvents = dlqKeys(names.dlqProductEvents());
    Set<String> parked = parkedKeys();
    long strayCommands = dlqCommands.stream().filter(k -> !commands.poison.contains(k)).count();
    long strayEvents = dlqEvents.stream().filter(k -> !commands.poisonEvents.contains(k)).count();
    long strayParked = parked.stream().filter(k -> !commands.poisonEvents.contains(k)).count();
    long commandsMissing =
        commands.poisonAcknowledged.stream().filter(k -> !dlqCommands.contains(k)).count();
    long eventsNotParked =
        commands.poisonEventsAcknowledged.stream().filter(k -> !parked.contains(k)).count();
    Map<String, Long> classes =
        new TreeMap<>(
            jdbi
                .withHandle(
                    h ->
                        h.createQuery(ChaosSql.PARKED_BY_CLASS)
                            .map(
                                (rs, ctx) ->
                                    Map.entry(rs.getString("error_class"), rs.getLong("n")))
                            .list())
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    report.check(
        "no dead-letter entry is unexplained",
        strayCommands + strayEvents + strayParked + commandsMissing + eventsNotParked == 0,
        commands.poison.size()
            + " broken commands sent, "
            + dlqCommands.size()
            + " dead-lettered ("
            + strayCommands
            + " others, "
            + commandsMissing
            + " missing); "
            + commands.poisonEvents.size()
            + " broken events sent, "
            + dlqEvents.size()
            + " dead-lettered ("
            + strayEvents
            + " others), "
            + parked.size()
            + " parked by triage "
            + classes
            + " ("
            + strayParked
            + " others, "
            + eventsNotParked
            + " not parked)");
  }

  private Set<String> parkedKeys() {
    return new HashSet<>(
        jdbi.withHandle(h -> h.createQuery(ChaosSql.PARKED_KEYS).mapTo(String.class).list()));
  }

  private Set<String> processed() {
    return new HashSet<>(
        jdbi.withHandle(
            h -> h.createQuery(ChaosSql.PROCESSED_COMMANDS).mapTo(String.class).list()));
  }

  private Set<String> dlqKeys(String topic) {
    return TopicReader.readAll(kafka, topic).stream()
        .map(ConsumerRecord::key)
        .collect(Collectors.toSet());
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
