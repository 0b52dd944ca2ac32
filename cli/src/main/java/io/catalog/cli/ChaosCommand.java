package io.catalog.cli;

import io.catalog.cli.chaos.ChaosPlan;
import io.catalog.cli.chaos.ChaosReport;
import io.catalog.cli.chaos.ChaosRun;
import io.catalog.cli.chaos.Launcher;
import io.catalog.localstack.LocalStack;
import io.catalog.localstack.ManagedServer;
import io.catalog.localstack.StackProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(
    name = "chaos",
    description = {
      "Fault injection: run a mixed workload (REST creates, updates, deletes; duplicated and invalid",
      "commands; search rebuilds from the database and from Kafka; Kafka replays) while the workers",
      "and the API are SIGKILLed and Postgres, the Kafka broker, Elasticsearch and the Temporal dev",
      "server are stopped or killed at random moments; then, with one rebuild and one replay",
      "completed and a final tranche of writes made after the last of them ended, check every",
      "invariant: each committed change is on Kafka, in order per product; Elasticsearch equals the",
      "database, the final tranche included; no outbox row PENDING or FAILED without a cause; the",
      "alias on exactly one index; no unexplained dead letter; every command applied once; 503s",
      "while Postgres was down.",
      "Runs on its own stack (the test profile by default: ports 15432, 19092, 19200, 17233), with its",
      "own database, topics and API/workers processes; a dev platform from `./platform up` is left",
      "alone. Do not run it while `./platform test` runs: both use the test stack.",
      "With --profile cluster: two API and three workers processes on the cluster stack, a seeded",
      "catalog and a throttled rebuild started first; one Kafka broker, one Elasticsearch node, one",
      "workers and one API process SIGKILLed at their own times; the rebuild must complete.",
      "Progress goes to stderr, the report (or --json) to stdout; exit 1 when an invariant fails."
    })
final class ChaosCommand implements Callable<Integer> {
  @Mixin JsonOutput output;

  @Option(
      names = "--minutes",
      description =
          "How long faults are injected (default 10; fractions allowed). Every kind of fault happens at least once, however short.")
  double minutes = 10;

  @Option(
      names = "--seed",
      description = "Seed of every random choice; the report prints it (default: random).")
  Long seed;

  @Option(
      names = "--profile",
      converter = ProfileConverter.class,
      description = "Stack to run on: test (default), dev or cluster.")
  StackProfile profile = StackProfile.TEST;

  @Option(
      names = "--keep",
      description = "Keep the run's database, topics and indices, and the servers it started.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    ChaosPlan plan =
        output.parsed(
            () ->
                ChaosPlan.forMinutes(
                    minutes,
                    seed != null ? seed : new SecureRandom().nextLong(),
                    profile.clustered()));
    PrintWriter err = output.err();
    LocalStack stack = LocalStack.of(profile);
    List<ManagedServer> wereDown = stack.servers().stream().filter(s -> !s.isUp()).toList();
    Path root = stack.config().root();
    ChaosReport report;
    try {
      Path runDir = stack.config().dataDir().resolve("chaos");
      report =
          new ChaosRun(
                  stack,
                  launcher(root, runDir),
                  plan,
                  runDir.resolve("logs"),
                  line -> {
                    err.println(line);
                    err.flush();
                  })
              .run(keep);
    } finally {
      if (!keep && !wereDown.isEmpty()) {
        wereDown.forEach(ManagedServer::stop);
        err.println(
            "stopped the servers this run started: "
                + wereDown.stream().map(ManagedServer::name).toList());
        err.flush();
      }
    }
    print(report, output.out());
    return report.passed() ? 0 : 1;
  }

  /**
   * Starts the API or the workers from the built jars, as `./platform up` does, with pid files and
   * logs under {@code runDir} ({@code logs/api.log}, {@code logs/workers.log}).
   */
  static Launcher launcher(Path root, Path runDir) {
    return (app, instance, env) ->
        new AppProcess(instance, root, runDir, AppProcesses.command(root, app), env).start();
  }

  private void print(ChaosReport report, PrintWriter out) throws Exception {
    if (output.json()) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("run", report.runId);
      all.put("seed", report.seed);
      all.put("minutes", report.minutes);
      all.put("passed", report.passed());
      all.put("faults", report.faults);
      all.put("workload", report.workload);
      all.put("checks", report.checks);
      output.printJson(all);
      return;
    }
    out.printf(
        "chaos run %s: %.1f min of faults, seed %d%n%n", report.runId, report.minutes, report.seed);
    Table faults =
        new Table(
            "AT-S", "TARGET", "HOW", "DOWN-S", "HEALTHY-AFTER-S", "WRITES-DURING", "503S-DURING");
    report.faults.forEach(
        f ->
            faults.row(
                String.format("%.0f", f.atSeconds()),
                f.target(),
                f.how(),
                String.format("%.1f", f.heldSeconds()),
                String.format("%.1f", f.recoveredSeconds()),
                f.writesDuring(),
                f.unavailableDuring()));
    faults.print(out, false);
    out.println();
    List<String> load = new ArrayList<>();
    report.workload.forEach((k, v) -> load.add(k.replace('_', ' ') + " " + v));
    out.println("workload: " + String.join(", ", load));
    out.println();
    Table checks = new Table("RESULT", "INVARIANT", "DETAIL");
    report.checks.forEach(c -> checks.row(c.holds() ? "ok" : "FAILED", c.invariant(), c.detail()));
    checks.print(out, false);
    out.println();
    out.println(
        report.passed()
            ? "all " + report.checks.size() + " invariants held"
            : report.failures().size() + " invariant(s) FAILED");
    out.flush();
  }

  /**
   * A profile of {@link StackProfile#parse} in any case; anything else is refused while parsing
   * (exit 2).
   */
  static final class ProfileConverter implements ITypeConverter<StackProfile> {
    @Override
    public StackProfile convert(String value) {
      try {
        return StackProfile.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
