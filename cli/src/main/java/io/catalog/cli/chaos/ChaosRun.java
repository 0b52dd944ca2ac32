package io.catalog.cli.chaos;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.localstack.LocalStack;
import io.catalog.operations.reconcile.ReconcileClient;
import io.catalog.operations.temporal.TemporalConnection;
import io.catalog.search.SearchClients;
import io.catalog.testkit.PrefixCleanup;
import io.catalog.workflows.reconcile.ReconcileInput;
import io.catalog.workflows.reconcile.ReconcileProgress;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * One fault-injection run against a local stack: its own database ({@code chaos_<run>}) and name
 * prefix ({@code chaos-<run>-}), its own API and workers processes, a mixed workload ({@link
 * ChaosWorkload}) and faults at random moments ({@link FaultInjector}). When the time is up it
 * heals everything, stops starting rebuilds and replays (starting more only until one of each has
 * completed), stops the workload, waits for every rebuild and replay to end, writes a {@link
 * FinalTranche}, and checks the {@link Invariants}.
 */
public final class ChaosRun {
  private static final Duration STARTUP = Duration.ofMinutes(3);

  /** Writes have stopped; the corrupted products were unchanged for half a minute. */
  private static final int RECONCILE_GRACE_SECONDS = 10;

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

  public ChaosRun(
      LocalStack stack, Launcher launcher, ChaosPlan plan, Path logDir, Consumer<String> say) {
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
    Endpoints endpoints = stack.endpoints();
    Endpoints runEndpoints = endpoints.withDatabase(database);
    String jdbcUrl = runEndpoints.dbUrl();
    admin(endpoints, "CREATE DATABASE " + database);
    // The test stack's Postgres commits asynchronously for speed: a SIGKILL would then lose commits
    // the API had acknowledged, and "nothing acknowledged is lost" would test the stack's settings.
    // The run's own database waits for its WAL; a process kill leaves that in the OS's page cache.
    admin(endpoints, "ALTER DATABASE " + database + " SET synchronous_commit = on");
    Database.migrate(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
    Jdbi jdbi =
        Database.configure(Jdbi.create(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword()));
    say(
        "run "
            + runId
            + ": database "
            + database
            + ", names "
            + names.prefix()
            + "*, seed "
            + plan.seed());
    if (plan.cluster()) {
      SeededCatalog.write(jdbi, names, this::say);
    }

    Map<String, String> env = runEndpoints.toEnv();
    env.put("PLATFORM_NAME_PREFIX", names.prefix());
    ChaosApps apps = new ChaosApps(launcher, env, plan.apis(), plan.workerProcesses());
    List<String> extraWorkflows = Collections.synchronizedList(new ArrayList<>());
    try (TemporalConnection clients = TemporalConnection.open(endpoints);
        ElasticsearchClient es = SearchClients.create(endpoints.elasticsearchUrl())) {
      WorkflowClient temporal = clients.client();
      try {
        IndexCorruption corruption = new IndexCorruption(es, jdbi, names);
        Invariants.Run done =
            exercise(apps, jdbi, endpoints, temporal, extraWorkflows, corruption, report);
        new Invariants(report, jdbi, es, endpoints.kafkaBootstrap(), names, done)
            .checkAll(this::say);
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

  /** Everything up to the checks: the workload under faults, the completions, the final tranche. */
  private Invariants.Run exercise(
      ChaosApps apps,
      Jdbi jdbi,
      Endpoints endpoints,
      WorkflowClient temporal,
      List<String> extraWorkflows,
      IndexCorruption corruption,
      ChaosReport report)
      throws Exception {
    apps.start("workers");
    apps.start("api");
    if (!Polling.await(STARTUP, apps::allHealthy)) {
      throw new IllegalStateException(
          "the API and workers did not become healthy within 3 min; see " + logDir);
    }
    say(
        "API on "
            + String.join(", ", apps.apiUrls())
            + ", "
            + plan.workerProcesses()
            + " workers process(es) healthy; injecting faults for "
            + plan.duration().toSeconds()
            + " s");
    WorkflowDriver workflows = new WorkflowDriver(plan, temporal, names, extraWorkflows, this::say);
    ChaosWorkload workload = new ChaosWorkload(plan, apps, endpoints, names, workflows);
    FaultInjector faults = new FaultInjector(stack, apps, corruption, plan, random, this::say);
    workload.start();
    Invariants.RebuildBeforeFaults early =
        plan.cluster()
            ? new Invariants.RebuildBeforeFaults(
                SeededCatalog.rebuildOncePublished(jdbi, workflows, STARTUP), faults.injectedAt)
            : null;
    try {
      boolean recovered = faults.inject(workload, report);
      workflows.stopScheduling();
      say("faults over: no more scheduled rebuilds or replays");
      if (!faults.heal()) {
        recovered = false;
        report.check(
            "the platform recovered from every fault",
            false,
            "not every API and workers process was healthy 3 min after the last fault; see "
                + logDir);
      }
      if (recovered) {
        workflows.ensureOneCompletedOfEach();
      }
    } finally {
      faults.heal();
      workload.stop();
    }
    workload.summarise(report);
    if (!workflows.awaitAllEnded()) {
      // The workflow invariant fails on it and names each one; the final tranche and the
      // corruption still run, so that every other invariant is checked too.
      say("not every rebuild and replay ended in time: the final tranche runs beside them");
    }
    FinalTranche tranche = finalTranche(apps, workload, report);
    return new Invariants.Run(
        plan, workload, tranche, faults.databaseOutages, mend(corruption, temporal), early);
  }

  /** The writes after every rebuild and replay ended, which only the live projection can carry. */
  private FinalTranche finalTranche(ChaosApps apps, ChaosWorkload workload, ChaosReport report)
      throws Exception {
    FinalTranche tranche =
        FinalTranche.write(apps.apiUrl(), plan.seed() + plan.writers(), workload.liveProducts());
    say(
        "final tranche: "
            + tranche.creates()
            + " creates, "
            + tranche.updates()
            + " updates, "
            + tranche.deletes()
            + " deletes after every rebuild and replay ended");
    report.workload.put("final_tranche_creates", tranche.creates());
    report.workload.put("final_tranche_updates", tranche.updates());
    report.workload.put("final_tranche_deletes", tranche.deletes());
    return tranche;
  }

  /**
   * The index corrupted by hand once more, after every rebuild ended, and one reconciliation run:
   * what it found and repaired, for the invariant that the index heals without a rebuild.
   */
  private Mended mend(IndexCorruption corruption, WorkflowClient temporal) throws Exception {
    IndexCorruption.Done done = corruption.corrupt(random, Fault.CORRUPTED_PER_KIND);
    say("corrupted the index by hand: " + done.describe());
    ReconcileClient runs = new ReconcileClient(temporal, names);
    try {
      runs.start(new ReconcileInput(false, RECONCILE_GRACE_SECONDS, null));
      ReconcileProgress result = runs.await(Duration.ofMinutes(5));
      say("reconciled: " + result.details());
      return new Mended(done, result, null);
    } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
      say("the reconciliation did not complete: " + e);
      return new Mended(done, null, e.toString());
    }
  }

  /** A corruption and the reconciliation run after it (null with the reason when it failed). */
  record Mended(IndexCorruption.Done corrupted, ReconcileProgress result, String failure) {}

  private void cleanUp(WorkflowClient temporal, Endpoints endpoints, List<String> extraWorkflows) {
    try {
      stack.ensureUp();
      PrefixCleanup.run(
              temporal,
              endpoints.kafkaBootstrap(),
              endpoints.elasticsearchUrl(),
              names,
              extraWorkflows)
          .forEach(this::say);
      admin(endpoints, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      say(
          "removed database "
              + database
              + ", topics, groups, indices and workflows of "
              + names.prefix()
              + "*");
    } catch (Exception e) {
      say("cleanup incomplete: " + e.getMessage());
    }
  }

  private static void admin(Endpoints endpoints, String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                endpoints.dbUrl(), endpoints.dbUser(), endpoints.dbPassword());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private void say(String line) {
    say.accept(
        String.format("[%5.0f s] %s", FaultInjector.seconds(System.nanoTime() - startedAt), line));
  }
}
