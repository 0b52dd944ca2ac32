package io.catalog.cli.chaos;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.cli.TemporalClients;
import io.catalog.db.Database;
import io.catalog.localstack.LocalStack;
import io.catalog.localstack.StackEndpoints;
import io.catalog.naming.PlatformNames;
import io.catalog.search.SearchClients;
import io.catalog.search.index.IndexInfo;
import io.catalog.search.index.SearchIndexes;
import io.catalog.search.rebuild.RebuildAlreadyRunningException;
import io.catalog.search.rebuild.RebuildClient;
import io.catalog.search.rebuild.RebuildInput;
import io.catalog.search.replay.ReplayClient;
import io.catalog.search.replay.ReplayInput;
import io.catalog.verify.PrefixCleanup;
import io.catalog.verify.ReadModel;
import io.catalog.verify.TopicReader;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;

/**
 * One fault-injection run against a local stack: its own database ({@code chaos_<run>}) and name
 * prefix ({@code chaos-<run>-}), its own API and workers processes, a mixed workload (REST creates,
 * updates and deletes; duplicated and invalid commands; search rebuilds from the database and from
 * Kafka; Kafka replays), and faults at random moments: the workers and the API SIGKILLed, the Kafka
 * broker, Elasticsearch and the Temporal dev server stopped or killed, each then restarted. When the
 * time is up it heals everything, lets the platform drain, and checks the invariants.
 */
public final class ChaosRun {
  private static final Duration SETTLE = Duration.ofMinutes(5);

  private final LocalStack stack;
  private final Launcher launcher;
  private final ChaosPlan plan;
  private final Path logDir;
  private final Consumer<String> say;
  private final Random random;
  private final String runId;
  private final PlatformNames names;
  private final String database;
  private final long startedAt = System.nanoTime();

  public ChaosRun(LocalStack stack, Launcher launcher, ChaosPlan plan, Path logDir, Consumer<String> say) {
    this.stack = stack;
    this.launcher = launcher;
    this.plan = plan;
    this.logDir = logDir;
    this.say = say;
    this.random = new Random(plan.seed());
    byte[] bytes = new byte[3];
    new SecureRandom().nextBytes(bytes);
    this.runId = HexFormat.of().formatHex(bytes);
    this.names = PlatformNames.withPrefix("chaos-" + runId + "-");
    this.database = "chaos_" + runId;
  }

  /** Runs the workload and the faults, then the checks; cleans up unless {@code keep}. */
  public ChaosReport run(boolean keep) throws Exception {
    ChaosReport report = new ChaosReport(runId, plan.seed(), plan.duration().toMillis() / 60_000.0);
    stack.ensureUp();
    StackEndpoints endpoints = stack.endpoints();
    StackEndpoints runEndpoints = endpoints.withDatabase(database);
    String jdbcUrl = runEndpoints.jdbcUrl();
    admin(endpoints, "CREATE DATABASE " + database);
    Database.migrate(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
    Jdbi jdbi = Database.configure(Jdbi.create(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword()));
    say("run " + runId + ": database " + database + ", names " + names.prefix() + "*, seed " + plan.seed());

    Map<String, String> env = runEndpoints.appEnvironment();
    env.put("PLATFORM_NAME_PREFIX", names.prefix());
    ChaosApps apps = new ChaosApps(launcher, env);
    List<String> extraWorkflows = Collections.synchronizedList(new ArrayList<>());
    try (TemporalClients clients = new TemporalClients(endpoints.temporalTarget(), "default");
        ElasticsearchClient es = SearchClients.create(endpoints.elasticsearchUrl())) {
      WorkflowClient temporal = clients.client();
      try {
        apps.start("workers");
        apps.start("api");
        if (!await(Duration.ofMinutes(3), () -> apps.apiHealthy() && apps.workersHealthy())) {
          throw new IllegalStateException("the API and workers did not become healthy within 3 min; see " + logDir);
        }
        say("API on " + apps.apiUrl() + ", workers healthy; injecting faults for " + plan.duration().toSeconds() + " s");
        Workload workload = new Workload(apps, endpoints, temporal, extraWorkflows);
        workload.start();
        try {
          injectFaults(apps, workload, report);
        } finally {
          heal(apps);
          workload.stop();
        }
        workload.summarise(report);
        check(report, jdbi, es, endpoints, temporal, workload);
      } finally {
        apps.close();
        if (!keep) {
          cleanUp(temporal, endpoints, extraWorkflows);
        } else {
          say("kept database " + database + ", topics and indices " + names.prefix() + "*");
        }
      }
    }
    return report;
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  private void injectFaults(ChaosApps apps, Workload workload, ChaosReport report) throws Exception {
    long faultsStart = System.nanoTime();
    long end = faultsStart + plan.duration().toNanos();
    List<Fault> round = new ArrayList<>();
    Fault.Targets targets = new Fault.Targets(stack, apps);
    Set<Fault> seen = java.util.EnumSet.noneOf(Fault.class);
    while (true) {
      // The run lasts its duration and at least one round: every kind of fault happens once.
      boolean allSeen = seen.size() == Fault.values().length;
      pause(between(plan.gapMin(), plan.gapMax()), allSeen ? end : Long.MAX_VALUE);
      if (allSeen && System.nanoTime() >= end) {
        return;
      }
      if (round.isEmpty()) {
        round.addAll(List.of(Fault.values()));
        Collections.shuffle(round, random);
      }
      Fault fault = round.remove(0);
      seen.add(fault);
      Duration hold = between(plan.faultMin(), plan.faultMax());
      long writesBefore = workload.restWrites();
      double at = seconds(System.nanoTime() - faultsStart);
      long injected = System.nanoTime();
      String how = fault.inject(targets, random);
      say(String.format("injected: %s %s, held for %d s", fault.target, how, hold.toSeconds()));
      pause(hold, Long.MAX_VALUE);
      long restarted = System.nanoTime();
      try {
        fault.heal(targets);
      } catch (RuntimeException e) {
        say("restarting the " + fault.target + " failed (" + e.getMessage() + "); trying once more");
        fault.heal(targets);
      }
      double held = seconds(System.nanoTime() - injected);
      boolean recovered = await(Duration.ofMinutes(3), () -> apps.apiHealthy() && apps.workersHealthy());
      double recovery = seconds(System.nanoTime() - restarted);
      report.faults.add(
          new ChaosReport.InjectedFault(at, fault.target, how, held, recovery, workload.restWrites() - writesBefore));
      say(String.format("healed:   %s after %.1f s; healthy again %.1f s after the restart", fault.target, held, recovery));
      if (!recovered) {
        report.check("the platform recovered from every fault", false,
            fault.target + " " + how + ": API or workers not healthy 3 min after the restart");
        return;
      }
    }
  }

  /** Every server up, both processes running and healthy. */
  private void heal(ChaosApps apps) throws Exception {
    stack.ensureUp();
    apps.start("workers");
    apps.start("api");
    await(Duration.ofMinutes(3), () -> apps.apiHealthy() && apps.workersHealthy());
  }

  private Duration between(Duration min, Duration max) {
    long span = max.toMillis() - min.toMillis();
    return min.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
  }

  /** Waits out a planned gap or hold of the schedule (this is the schedule, not synchronisation). */
  private static void pause(Duration length, long notAfter) throws InterruptedException {
    long until = Math.min(System.nanoTime() + length.toNanos(), notAfter);
    long left = until - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Workload

  /** The REST writers, the command feed, and the rebuild/replay driver, on their own threads. */
  private final class Workload {
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<RestWriter> writers = new ArrayList<>();
    final CommandFeeder commands;
    final RebuildClient rebuilds;
    final ReplayClient replays;
    final List<String> rebuildRuns = Collections.synchronizedList(new ArrayList<>());
    final List<String> replayIds;
    final List<String> startFailures = Collections.synchronizedList(new ArrayList<>());
    final ExecutorService pool;

    Workload(ChaosApps apps, StackEndpoints endpoints, WorkflowClient temporal, List<String> replayIds) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (int i = 0; i < plan.writers(); i++) {
        writers.add(new RestWriter(apps.apiUrl(), http, plan.seed() + i, running));
      }
      commands = new CommandFeeder(endpoints.kafkaBootstrap(), names.productCommands(), names.productEvents(),
          plan.commandsPerSecond(), plan.poisonEvery(), running);
      rebuilds = new RebuildClient(temporal, names);
      replays = new ReplayClient(temporal, names);
      this.replayIds = replayIds;
      pool = Executors.newFixedThreadPool(plan.writers() + 2, r -> {
        Thread t = new Thread(r, "chaos-load");
        t.setDaemon(true);
        return t;
      });
    }

    void start() {
      writers.forEach(pool::submit);
      pool.submit(commands);
      pool.submit(this::driveRebuildsAndReplays);
    }

    long restWrites() {
      return writers.stream().mapToLong(RestWriter::acknowledged).sum();
    }

    /** Starts a rebuild every {@code rebuildEvery} (database, then Kafka, …) and a replay every {@code replayEvery}. */
    private void driveRebuildsAndReplays() {
      long nextRebuild = System.nanoTime() + plan.rebuildEvery().toNanos() / 3;
      long nextReplay = System.nanoTime() + plan.replayEvery().toNanos() / 2;
      int n = 0;
      while (running.get()) {
        long now = System.nanoTime();
        if (now >= nextRebuild) {
          String source = n++ % 2 == 0 ? RebuildInput.DATABASE : RebuildInput.KAFKA;
          try {
            WorkflowExecution run = rebuilds.start(RebuildInput.empty().withSource(source).withBatchSize(500));
            rebuildRuns.add(run.getRunId());
            say("started:  search rebuild from the " + source + " (run " + run.getRunId() + ")");
          } catch (RebuildAlreadyRunningException e) {
            say("skipped:  search rebuild (the previous one still runs)");
          } catch (RuntimeException e) {
            startFailures.add("rebuild: " + e.getMessage());
          }
          nextRebuild = now + plan.rebuildEvery().toNanos();
        }
        if (now >= nextReplay) {
          try {
            WorkflowExecution run = replays.start(ReplayInput.of(null, null), Instant.now());
            replayIds.add(run.getWorkflowId());
            say("started:  Kafka replay from the earliest offset (" + run.getWorkflowId() + ")");
          } catch (RuntimeException e) {
            startFailures.add("replay: " + e.getMessage());
          }
          nextReplay = now + plan.replayEvery().toNanos();
        }
        try {
          Thread.sleep(500); // the driver's tick
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      pool.shutdown();
      if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
      commands.close();
    }

    void summarise(ChaosReport report) {
      report.workload.put("rest_creates", writers.stream().mapToLong(w -> w.creates.get()).sum());
      report.workload.put("rest_updates", writers.stream().mapToLong(w -> w.updates.get()).sum());
      report.workload.put("rest_deletes", writers.stream().mapToLong(w -> w.deletes.get()).sum());
      report.workload.put("rest_failed_attempts", writers.stream().mapToLong(w -> w.failedAttempts.get()).sum());
      report.workload.put("commands_valid_acknowledged", commands.acknowledged.size());
      report.workload.put("commands_invalid_sent", commands.poison.size());
      report.workload.put("broken_events_sent", commands.poisonEvents.size());
      report.workload.put("command_deliveries", commands.deliveries.get());
      report.workload.put("command_sends_failed", commands.failedSends.get());
      report.workload.put("rebuilds_started", rebuildRuns.size());
      report.workload.put("replays_started", replayIds.size());
      report.workload.put("workflow_starts_refused", startFailures.size());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Invariants

  private void check(
      ChaosReport report, Jdbi jdbi, ElasticsearchClient es, StackEndpoints endpoints, WorkflowClient temporal, Workload workload)
      throws Exception {
    say("checking the invariants (waiting up to " + SETTLE.toMinutes() + " min for each to settle)");

    // Rebuilds and replays end (completed, or failed with their compensation run) before the read model is compared.
    List<String> stuck = new ArrayList<>();
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    List<String[]> runs = new ArrayList<>();
    workload.rebuildRuns.forEach(r -> runs.add(new String[] {names.rebuildWorkflowId(), r, "rebuild"}));
    workload.replayIds.forEach(id -> runs.add(new String[] {id, null, "replay"}));
    await(Duration.ofMinutes(10), () -> runs.stream().noneMatch(r -> "RUNNING".equals(status(temporal, r[0], r[1]))));
    long replaysNotCompleted = 0;
    for (String[] r : runs) {
      String status = status(temporal, r[0], r[1]);
      outcomes.merge(r[2] + " " + status.toLowerCase(), 1, Integer::sum);
      if ("RUNNING".equals(status) || "UNKNOWN".equals(status)) {
        stuck.add(r[0]);
      }
      if ("replay".equals(r[2]) && !"COMPLETED".equals(status)) {
        replaysNotCompleted++;
      }
    }
    report.check("every rebuild and replay ended (none stuck)", stuck.isEmpty(),
        (outcomes.isEmpty() ? "none started" : outcomes.toString()) + (stuck.isEmpty() ? "" : "; stuck: " + stuck));
    report.check("every replay completed", replaysNotCompleted == 0,
        workload.replayIds.size() + " replays, " + replaysNotCompleted + " not completed");

    // The outbox drains: nothing PENDING, nothing FAILED without a recorded cause.
    await(SETTLE, () -> count(jdbi, "SELECT count(*) FROM outbox_events WHERE status = 'PENDING'") == 0);
    long pending = count(jdbi, "SELECT count(*) FROM outbox_events WHERE status = 'PENDING'");
    long failed = count(jdbi, "SELECT count(*) FROM outbox_events WHERE status = 'FAILED'");
    long failedWithoutCause =
        count(jdbi, "SELECT count(*) FROM outbox_events WHERE status = 'FAILED' AND coalesce(last_error, '') = ''");
    long rows = count(jdbi, "SELECT count(*) FROM outbox_events");
    report.check("no outbox row PENDING, none FAILED without a cause", pending == 0 && failedWithoutCause == 0,
        rows + " rows: " + pending + " pending, " + failed + " failed (" + failedWithoutCause + " without a cause)");

    long versionsWithoutEvent =
        count(jdbi, "SELECT count(*) FROM products p WHERE p.version <> (SELECT count(*) FROM outbox_events o WHERE o.aggregate_id = p.id)");
    long products = count(jdbi, "SELECT count(*) FROM products");
    report.check("every committed product change has exactly one outbox event", versionsWithoutEvent == 0,
        products + " products, " + versionsWithoutEvent + " whose version differs from their event count");

    // Every event is on Kafka, under its own event_id.
    Set<String> outboxIds = new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT event_id::text FROM outbox_events").mapTo(String.class).list()));
    List<ConsumerRecord<String, String>> onTopic =
        TopicReader.readAll(endpoints.kafkaBootstrap(), names.productEvents()).stream()
            .filter(r -> !workload.commands.poisonEvents.contains(r.key())) // the broken records sent on purpose
            .toList();
    Set<String> topicIds = onTopic.stream().map(r -> header(r, "event_id")).collect(Collectors.toSet());
    Set<String> missing = new HashSet<>(outboxIds);
    missing.removeAll(topicIds);
    Set<String> unknown = new HashSet<>(topicIds);
    unknown.removeAll(outboxIds);
    report.check("every committed change is on Kafka", missing.isEmpty() && unknown.isEmpty(),
        outboxIds.size() + " events in the outbox, " + onTopic.size() + " records (" + topicIds.size() + " distinct event ids) on "
            + names.productEvents() + "; missing " + missing.size() + ", unknown " + unknown.size());

    // Commands: each acknowledged valid command applied exactly once, nothing applied that was not sent.
    await(SETTLE, () -> processed(jdbi).containsAll(workload.commands.acknowledged));
    Set<String> processed = processed(jdbi);
    long notApplied = workload.commands.acknowledged.stream().filter(id -> !processed.contains(id)).count();
    long foreign = processed.stream().filter(id -> !workload.commands.attempted.contains(id)).count();
    long commandProducts = count(jdbi, "SELECT count(*) FROM products WHERE title LIKE '" + CommandFeeder.TITLE_PREFIX + "%'");
    report.check("every command applied exactly once", notApplied == 0 && foreign == 0 && commandProducts == processed.size(),
        workload.commands.acknowledged.size() + " acknowledged (each delivered twice), " + processed.size() + " applied, "
            + commandProducts + " products from commands, " + notApplied + " not applied");

    // The read model equals the system of record, field by field.
    List<String> differences = new ArrayList<>();
    await(SETTLE, () -> {
      differences.clear();
      differences.addAll(ReadModel.differences(jdbi, es, names.searchAlias()));
      return differences.isEmpty();
    });
    report.check("Elasticsearch equals the database field by field", differences.isEmpty(),
        products + " products compared" + (differences.isEmpty() ? "" : "; " + differences.size() + " differences, first: "
            + differences.subList(0, Math.min(3, differences.size()))));

    SearchIndexes indexes = new SearchIndexes(es, names);
    List<String> holders = indexes.aliasHolders();
    List<String> all = indexes.listIndices().stream().map(IndexInfo::name).toList();
    report.check("the alias points at exactly one index", holders.size() == 1,
        names.searchAlias() + " -> " + holders + "; " + all.size() + " indices kept (rollback targets included)");

    // Dead letters: exactly the broken commands and events sent on purpose, every broken event parked by triage.
    await(SETTLE, () -> dlqKeys(endpoints, names.dlqProductCommands()).containsAll(workload.commands.poisonAcknowledged)
        && parkedKeys(jdbi).containsAll(workload.commands.poisonEventsAcknowledged));
    Set<String> dlqCommands = dlqKeys(endpoints, names.dlqProductCommands());
    Set<String> dlqEvents = dlqKeys(endpoints, names.dlqProductEvents());
    Set<String> parked = parkedKeys(jdbi);
    long strayCommands = dlqCommands.stream().filter(k -> !workload.commands.poison.contains(k)).count();
    long strayEvents = dlqEvents.stream().filter(k -> !workload.commands.poisonEvents.contains(k)).count();
    long strayParked = parked.stream().filter(k -> !workload.commands.poisonEvents.contains(k)).count();
    long commandsMissing = workload.commands.poisonAcknowledged.stream().filter(k -> !dlqCommands.contains(k)).count();
    long eventsNotParked = workload.commands.poisonEventsAcknowledged.stream().filter(k -> !parked.contains(k)).count();
    Map<String, Long> classes = new java.util.TreeMap<>(jdbi.withHandle(h -> h.createQuery(
            "SELECT error_class, count(*) AS n FROM dlq_entries GROUP BY error_class")
        .map((rs, ctx) -> Map.entry(rs.getString("error_class"), rs.getLong("n"))).list())
        .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    report.check("no dead-letter entry is unexplained",
        strayCommands + strayEvents + strayParked + commandsMissing + eventsNotParked == 0,
        workload.commands.poison.size() + " broken commands sent, " + dlqCommands.size() + " dead-lettered (" + strayCommands
            + " others, " + commandsMissing + " missing); " + workload.commands.poisonEvents.size() + " broken events sent, "
            + dlqEvents.size() + " dead-lettered (" + strayEvents + " others), " + parked.size() + " parked by triage "
            + classes + " (" + strayParked + " others, " + eventsNotParked + " not parked)");
  }

  private static Set<String> parkedKeys(Jdbi jdbi) {
    return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT coalesce(record_key, '') FROM dlq_entries").mapTo(String.class).list()));
  }

  private static String status(WorkflowClient temporal, String workflowId, String runId) {
    try {
      return temporal.newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty())
          .describe().getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    } catch (RuntimeException e) {
      return "UNKNOWN";
    }
  }

  private static Set<String> processed(Jdbi jdbi) {
    return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT command_id::text FROM processed_commands").mapTo(String.class).list()));
  }

  private static Set<String> dlqKeys(StackEndpoints endpoints, String topic) {
    return TopicReader.readAll(endpoints.kafkaBootstrap(), topic).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? "" : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  // ---------------------------------------------------------------------------------------------

  private void cleanUp(WorkflowClient temporal, StackEndpoints endpoints, List<String> extraWorkflows) {
    try {
      stack.ensureUp();
      PrefixCleanup.run(temporal, endpoints.kafkaBootstrap(), endpoints.elasticsearchUrl(), names, extraWorkflows)
          .forEach(this::say);
      admin(endpoints, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      say("removed database " + database + ", topics, groups, indices and workflows of " + names.prefix() + "*");
    } catch (Exception e) {
      say("cleanup incomplete: " + e.getMessage());
    }
  }

  private static void admin(StackEndpoints endpoints, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; exceptions count as "not yet". */
  private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // A server still coming back: try again.
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(500); // polling: none of these conditions has an event to wait on
    }
  }

  private void say(String line) {
    say.accept(String.format("[%5.0f s] %s", seconds(System.nanoTime() - startedAt), line));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
