package io.catalog.cli.bench;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The facts a report opens with: the run, the machine, the servers, durability, the targets. */
final class RunFacts {
  private RunFacts() {}

  static void record(BenchContext ctx, BenchReport report, List<String> chosen, boolean quick)
      throws Exception {
    report.fact(
        "run",
        String.format(
            Locale.ROOT,
            "bench-%s, %s, %s, %s",
            ctx.runId,
            quick ? "--quick" : "full",
            String.join(" ", chosen),
            Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    report.fact(
        "machine",
        String.format(
            Locale.ROOT,
            "%d cores, %,d MiB RAM; at start load average %.2f, CPU pressure %.0f%%",
            Machine.cores(),
            Machine.memoryMib(),
            Machine.loadAverage(),
            Machine.cpuPressure()));
    report.fact(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    report.fact("servers", serverVersions(ctx));
    String durability = durability(ctx);
    report.fact(
        "durability",
        durability
            + (durability.equals("fsync=on, synchronous_commit=on")
                ? " (durable commits)"
                : " (NOT durable: not comparable with the dev stack)"));
    report.fact(
        "targets",
        "API "
            + ctx.targets.apiBase()
            + ", "
            + ctx.targets.endpoints().dbUrl()
            + ", Kafka "
            + ctx.targets.endpoints().kafkaBootstrap()
            + ", "
            + ctx.targets.endpoints().elasticsearchBase()
            + ", Temporal "
            + ctx.targets.endpoints().temporalTarget());
  }

  /** {@code fsync=on, synchronous_commit=on}: what every write figure depends on. */
  private static String durability(BenchContext ctx) {
    return ctx.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' ||"
                        + " current_setting('synchronous_commit')")
                .mapTo(String.class)
                .one());
  }

  private static String serverVersions(BenchContext ctx) throws IOException, InterruptedException {
    String pg =
        ctx.jdbi.withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
    String es =
        ctx.elastic
            .get("/_nodes/_local/version?filter_path=nodes.*.version")
            .findValue("version")
            .asText();
    return "Postgres " + pg.split(" ")[0] + ", Elasticsearch " + es;
  }
}
