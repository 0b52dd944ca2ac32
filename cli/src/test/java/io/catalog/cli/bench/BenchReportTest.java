package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final double NAN = Double.NaN;

  private static BenchReport sample() {
    return new BenchReport()
        .fact("durability", "fsync=on, synchronous_commit=on (durable commits)")
        .row(
            new BenchRow(
                "W1", "creates/s, 16 clients (POST vs JDBC tx)", 800, 2000, 15.2, 48.0, 1.5))
        .row(
            new BenchRow(
                "W5", "write→searchable at 500/s offered: achieved/s", 499.6, NAN, 1120, 1890, 1.9))
        .point(new CurvePoint("W5", 500, 499.6, 1120, 1890, 2500, 1.9))
        .note("W4 phases (s): loading 40.0");
  }

  @Test
  void ratioIsPlatformOverBaselineAndOnlyWhereBothExist() {
    List<BenchRow> rows = sample().rows();
    assertThat(rows.get(0).ratio()).isEqualTo(0.4);
    assertThat(rows.get(1).ratio()).isNaN();
    assertThat(new BenchRow("W", "m", 5, 0, NAN, NAN, 0).ratio()).isNaN();
  }

  @Test
  void tableIsAlignedWithNumbersToTheRight() {
    List<String> lines = sample().tableLines();
    assertThat(lines.get(0)).startsWith("WORKLOAD  MEASURE").contains("RATIO").endsWith("LOAD-1M");
    assertThat(lines.get(1))
        .contains("800")
        .contains("2,000")
        .contains("0.40×")
        .contains("15.2")
        .contains("48.0");
    assertThat(lines.get(2)).contains("  -  ").contains("1,120").contains("1,890");
    int ratioColumnEnd = lines.get(0).indexOf("RATIO") + "RATIO".length();
    assertThat(lines.get(1).substring(0, ratioColumnEnd)).endsWith("0.40×");
  }

  @Test
  void textOutputHasFactsTableAndNotes() {
    StringWriter text = new StringWriter();
    sample().print(new PrintWriter(text), false);
    assertThat(text.toString())
        .startsWith("durability: fsync=on, synchronous_commit=on (durable commits)")
        .contains("WORKLOAD")
        .contains("- W4 phases (s): loading 40.0");
  }

  @Test
  void jsonHasNumbersAndNullsNotDashes() throws Exception {
    StringWriter json = new StringWriter();
    sample().print(new PrintWriter(json), true);
    JsonNode root = Json.mapper().readTree(json.toString());
    JsonNode w1 = root.path("results").get(0);
    assertThat(w1.path("platform").asDouble()).isEqualTo(800);
    assertThat(w1.path("ratio").asDouble()).isEqualTo(0.4);
    assertThat(root.path("results").get(1).path("baseline").isNull()).isTrue();
    assertThat(root.path("run").path("durability").asText()).startsWith("fsync=on");
    assertThat(root.path("curve").get(0).path("p99_ms").asDouble()).isEqualTo(1890);
  }

  @Test
  void curveCsvHasAHeaderAndOneLinePerPoint() {
    assertThat(sample().curveCsv())
        .isEqualTo(CurvePoint.CSV_HEADER + "\nW5,500,499.6,1120,1890,2500,1.9\n");
  }

  @Test
  void aFailedWorkloadIsNotedAndCounted() {
    BenchReport report = sample().failure("W4", "no rebuild worker");
    assertThat(report.failures()).containsExactly("W4");
    StringWriter text = new StringWriter();
    report.print(new PrintWriter(text), false);
    assertThat(text.toString()).contains("- W4 FAILED: no rebuild worker");
    // Scripts (and BenchQuickIT) read the failed workloads from the JSON, not from the notes'
    // wording.
    assertThat(report.toJson().path("failures").toString()).isEqualTo("[\"W4\"]");
  }
}
