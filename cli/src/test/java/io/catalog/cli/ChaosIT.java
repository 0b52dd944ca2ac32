package io.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import io.catalog.localstack.LocalStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The short fault-injection run of the test command: {@code ./platform chaos --minutes 1}, which
 * injects every kind of fault at least once (the workers and the API SIGKILLed; Postgres, Kafka,
 * Elasticsearch and Temporal stopped or killed) during a mixed workload, then checks every
 * invariant. The long run is the same command with {@code --minutes 10} (docs/benchmarks.md). It
 * must not pass vacuously: the invariants that make sure of that are named here one by one.
 */
@Tag("invariant") // never rerun: see the failsafe executions in the root pom
class ChaosIT {

  @Test
  void everyInvariantHoldsAfterEveryKindOfFaultDuringAMixedWorkload() throws Exception {
    // Up before the run: the command then leaves the servers running for the next test class.
    LocalStack.shared();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = PlatformCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("chaos", "--minutes", "1", "--seed", "20261126", "--json");

    Files.writeString(Path.of("target", "chaos-report.json"), out.toString());
    Files.writeString(Path.of("target", "chaos-progress.txt"), err.toString());
    JsonNode report = Json.mapper().readTree(out.toString());
    List<String> failed = new ArrayList<>();
    report
        .path("checks")
        .forEach(
            c -> {
              if (!c.path("holds").asBoolean()) {
                failed.add(c.path("invariant").asText() + ": " + c.path("detail").asText());
              }
            });
    assertThat(failed).as("failed invariants; progress:\n%s", err).isEmpty();
    List<String> invariants = new ArrayList<>();
    report.path("checks").forEach(c -> invariants.add(c.path("invariant").asText()));
    assertThat(invariants)
        .hasSize(14)
        .contains(
            "a corrupted index is mended by the reconciliation, without a rebuild",
            "at least one rebuild and one replay completed",
            "the API answered 503 while Postgres was down",
            "each product's versions are strictly increasing on Kafka",
            "Elasticsearch equals the database field by field",
            "the final tranche reached Elasticsearch through the live projection");
    List<String> targets = new ArrayList<>();
    report.path("faults").forEach(f -> targets.add(f.path("target").asText()));
    assertThat(targets)
        .contains(
            "workers process",
            "API process",
            "Postgres server",
            "Kafka broker",
            "Elasticsearch",
            "Temporal dev server",
            "search index (edited by hand)");
    JsonNode load = report.path("workload");
    assertThat(load.path("rest_creates").asLong()).isPositive();
    assertThat(load.path("rest_updates").asLong()).isPositive();
    assertThat(load.path("rest_deletes").asLong()).isPositive();
    assertThat(load.path("commands_valid_acknowledged").asLong()).isPositive();
    assertThat(load.path("broken_events_sent").asLong()).isPositive();
    assertThat(load.path("rebuilds_completed").asLong()).isPositive();
    assertThat(load.path("replays_completed").asLong()).isPositive();
    assertThat(load.path("final_tranche_creates").asLong()).isPositive();
    assertThat(load.path("final_tranche_updates").asLong()).isPositive();
    assertThat(load.path("final_tranche_deletes").asLong()).isPositive();
    assertThat(report.path("passed").asBoolean()).isTrue();
    assertThat(exit).isZero();
  }
}
