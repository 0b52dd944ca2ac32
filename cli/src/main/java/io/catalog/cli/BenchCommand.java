package io.catalog.cli;

import io.catalog.cli.bench.BenchPlan;
import io.catalog.cli.bench.BenchReport;
import io.catalog.cli.bench.BenchRunner;
import io.catalog.cli.bench.BenchTargets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "bench",
    description = {
      "Measure the running platform against raw baselines taken in the same run on the same stack:",
      "W1 API creates vs raw JDBC; W2 outbox relay vs raw producer, write→Kafka latency;",
      "W3 projection vs raw _bulk; W4 rebuild from the database vs raw bulk load;",
      "W5 write→searchable latency; W6 drift reconciliation vs the W4 rebuild of the same products;",
      "W7 relay scale-out: 4 outbox shards over 3 workers processes vs 1 process × 1 shard (the",
      "bench starts those workers from the built jar, logs in .platform/bench/bench-<run>/logs/).",
      "Targets the dev stack (./platform up) or DB_URL, KAFKA_BOOTSTRAP,",
      "ES_URL, TEMPORAL_TARGET, API_URL. Everything it creates is named bench-<run>-… and removed at the end;",
      "what an earlier run killed before its clean-up left is removed at the start. The scheduled drift",
      "reconciliation is paused for the run (an operator's pause is left as it was).",
      "Progress goes to stderr, the table (or --json) to stdout."
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin JsonOutput output;

  @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "W1 … W7 (default: all).")
  List<String> workloads = List.of();

  @Option(
      names = "--profile",
      description =
          "Also record async-profiler CPU profiles of the API, the workers and the bench during each measured"
              + " phase (W1, W2) into .platform/bench/<run>/; the report names the top frames.")
  boolean profile;

  @Option(
      names = "--quick",
      description = "Every workload small: the whole bench in about two minutes.")
  boolean quick;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Also write the W1/W5 latency-vs-offered-load points as CSV.")
  Path csv;

  @Option(names = "--clients", description = "Concurrent clients of W1 (default 64; --quick 16).")
  Integer clients;

  @Option(
      names = "--w1-rates",
      split = ",",
      paramLabel = "PER_S",
      description =
          "Offered rates of W1's latency curve (default: 25, 50, 75, 100%% of the measured throughput).")
  List<Double> w1Rates;

  @Option(
      names = "--w5-rates",
      split = ",",
      paramLabel = "PER_S",
      description = "Offered rates of W5 (500/s is the headline).")
  List<Double> w5Rates;

  @Option(
      names = "--products",
      description = "Products W4 seeds and rebuilds (default 1,000,000; --quick 20,000).")
  Integer products;

  @Override
  public Integer call() throws Exception {
    List<String> chosen = output.parsed(() -> BenchRunner.normalise(workloads));
    BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
    plan = clients == null ? plan : plan.withClients(clients);
    plan = w1Rates == null ? plan : plan.withW1Rates(w1Rates);
    plan = w5Rates == null ? plan : plan.withW5Rates(w5Rates);
    plan = products == null ? plan : plan.withRebuildProducts(products);
    PrintWriter err = output.err();
    BenchReport report =
        new BenchRunner(
                targets(),
                plan,
                line -> {
                  err.println(line);
                  err.flush();
                },
                ErrorMessages::oneLine)
            .profileInto(profile ? profileRoot() : null)
            .workersFrom(profileRoot(), BenchCommand::startWorkers)
            .run(chosen, quick);
    report.print(output.out(), output.json());
    if (csv != null) {
      report.writeCurveCsv(csv);
      err.println("wrote " + csv);
      err.flush();
    }
    return report.failures().isEmpty() ? 0 : 1;
  }

  /** {@code <platform home>/.platform/bench}: beside the dev stack's data, ignored by git. */
  private static Path profileRoot() {
    return home().resolve(".platform").resolve("bench");
  }

  private static Path home() {
    return io.catalog.localstack.StackConfig.resolve(io.catalog.localstack.StackProfile.DEV).root();
  }

  /**
   * W7's workers processes: the built workers jar, started as {@code ./platform up} and chaos start
   * theirs, with a log and a pid file under {@code runDir}.
   */
  private static Process startWorkers(Path runDir, String name, Map<String, String> env)
      throws IOException {
    Path root = home();
    return new AppProcess(name, root, runDir, AppProcesses.command(root, "workers"), env).start();
  }

  private static BenchTargets targets() {
    return new BenchTargets(
        CliEndpoints.variable(
            "API_URL", "http://127.0.0.1:" + AppProcesses.port("API_PORT", AppProcesses.API_PORT)),
        CliEndpoints.fromEnv());
  }
}
