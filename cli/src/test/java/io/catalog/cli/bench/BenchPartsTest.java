package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.search.projection.EnvelopeReader;
import io.catalog.search.projection.ProductDocument;
import io.catalog.workflows.RunHold;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BenchPartsTest {

  @Test
  void aRunHoldNamesTheBenchRunThatHoldsIt() {
    Instant t = Instant.parse("2026-12-07T03:00:00Z");
    assertThat(BenchRuns.holder(RunHold.note("bench-0a1b2c", t, "it resumes it")))
        .isEqualTo("0a1b2c");
    assertThat(BenchRuns.holder(RunHold.note("restore-7", t, "it resumes it"))).isNull();
    assertThat(BenchRuns.holder("Kafka upgrade, ops-42")).isNull();
    assertThat(BenchRuns.holder(null)).isNull();
  }

  @Test
  void openLoopDueTimesFollowTheRate() {
    OpenLoopSchedule s = OpenLoopSchedule.of(500, 4);
    assertThat(s.count()).isEqualTo(2000);
    assertThat(s.dueOffsetNanos(0)).isZero();
    assertThat(s.dueOffsetNanos(1)).isEqualTo(2_000_000);
    assertThat(s.dueOffsetNanos(1999)).isEqualTo(3_998_000_000L);
    assertThat(s.seconds()).isEqualTo(4.0);
    assertThatThrownBy(() -> new OpenLoopSchedule(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anotherDatabaseOnTheSameServerKeepsTheParameters() {
    BenchTargets t =
        new BenchTargets(
            "http://127.0.0.1:8000/",
            new Endpoints(
                "jdbc:postgresql://127.0.0.1:5432/platform?ssl=false",
                "platform",
                "platform",
                "k",
                "http://127.0.0.1:9200/",
                "t",
                "default",
                ""));
    assertThat(t.endpoints().jdbcUrlFor("bench_ab12cd_w4"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/bench_ab12cd_w4?ssl=false");
    assertThat(t.apiBase()).isEqualTo("http://127.0.0.1:8000");
    assertThat(t.endpoints().elasticsearchBase()).isEqualTo("http://127.0.0.1:9200");
  }

  @Test
  void passesAreWarmFromTheFifthOnceTheLastTwoAgree() {
    assertThat(WarmPasses.warm(passes(30_000, 30_000, 30_000, 30_000))).isFalse();
    assertThat(WarmPasses.warm(passes(9_000, 20_000, 25_000, 30_000, 32_000))).isTrue();
    assertThat(WarmPasses.warm(passes(9_000, 20_000, 25_000, 30_000, 27_500))).isTrue();
    assertThat(WarmPasses.warm(passes(9_000, 20_000, 25_000, 30_000, 26_000))).isFalse();
  }

  @Test
  void passesRunUntilWarmAndNoMoreThanTheLimitEachWithItsCompilerShare() throws Exception {
    List<WarmPasses.Pass> script =
        List.of(
            pass(10_000, 900),
            pass(20_000, 600),
            pass(24_000, 400),
            pass(30_000, 300),
            pass(36_000, 150),
            pass(37_000, 50));
    WarmPasses.Outcome warm = WarmPasses.run(n -> script.get(n - 1));
    assertThat(warm.passes()).hasSize(6);
    assertThat(warm.warm()).isTrue();
    assertThat(warm.last().rate()).isEqualTo(37_000);
    assertThat(warm.describe("docs/s"))
        .isEqualTo(
            "[10,000 (JIT 30 %), 20,000 (JIT 20 %), 24,000 (JIT 13 %), 30,000 (JIT 10 %),"
                + " 36,000 (JIT 5 %), 37,000 (JIT 2 %)] docs/s");

    WarmPasses.Outcome never = WarmPasses.run(n -> pass(10_000 * n, 0));
    assertThat(never.passes()).hasSize(WarmPasses.MAX_PASSES);
    assertThat(never.warm()).isFalse();
    assertThat(never.describe("docs/s")).endsWith("the last is reported)");
  }

  private static List<WarmPasses.Pass> passes(double... rates) {
    return Arrays.stream(rates).mapToObj(r -> pass(r, 0)).toList();
  }

  /** A pass of 3 s at {@code rate} during which the compiler worked {@code jitMillis}. */
  private static WarmPasses.Pass pass(double rate, long jitMillis) {
    return new WarmPasses.Pass(rate, 3.0, jitMillis);
  }

  @Test
  void workloadsAreChosenByIdInTheirOwnOrder() {
    assertThat(BenchRunner.normalise(List.of()))
        .containsExactly("W1", "W2", "W3", "W4", "W5", "W6", "W7");
    assertThat(BenchRunner.normalise(List.of("w7", "w6", "w5", "W1", "w1")))
        .containsExactly("W1", "W5", "W6", "W7");
    assertThatThrownBy(() -> BenchRunner.normalise(List.of("W8")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("W8");
  }

  @Test
  void theRawBaselineWritesARealEnvelope() {
    UUID id = UUID.randomUUID();
    UUID eventId = UUID.randomUUID();
    UUID seller = UUID.randomUUID();
    ProductDocument doc =
        ProductDocument.fromJson(
            RawProductWriter.envelope(id, eventId, seller, Instant.now().toString()));
    assertThat(doc.id()).isEqualTo(id);
    assertThat(doc.eventId()).isEqualTo(eventId);
    assertThat(doc.sellerId()).isEqualTo(seller);
    assertThat(doc.version()).isEqualTo(1);
    assertThat(doc.price()).isEqualTo(new BigDecimal("15.99"));
    assertThat(doc.currency()).isEqualTo("USD");
    assertThat(
            EnvelopeReader.read(
                    RawProductWriter.envelope(id, eventId, seller, Instant.now().toString()))
                .schemaVersion())
        .isEqualTo(EventEnvelope.SCHEMA_VERSION);
  }

  @Test
  void theSeedBodyIsTheRunbooksWithTheBenchSeller() {
    UUID seller = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    assertThat(ApiClient.seedBody(seller))
        .isEqualTo(
            "{\"seller_id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"title\":\"Wireless Mouse\",\"price\":15.99,\"stock\":100}");
  }

  @Test
  void phasesPrintInOrderInSeconds() {
    Map<String, Long> phases = new LinkedHashMap<>();
    phases.put("loading", 41_234L);
    phases.put("validating", 900L);
    assertThat(W4Rebuild.phaseSeconds(phases)).isEqualTo("loading 41.2, validating 0.9");
  }

  @Test
  void w1CurveDefaultsToFractionsOfTheMeasuredThroughput() {
    assertThat(W1ApiCreates.curveRates(BenchPlan.full(), 212))
        .containsExactly(50.0, 110.0, 160.0, 210.0);
    assertThat(W1ApiCreates.curveRates(BenchPlan.full().withW1Rates(List.of(300.0)), 212))
        .containsExactly(300.0);
    assertThat(W1ApiCreates.curveRates(BenchPlan.quick(), 3)).containsExactly(10.0);
  }

  @Test
  void cpuPressureIsReadFromThePsiLine() {
    assertThat(Machine.parsePressure("some avg10=97.18 avg60=91.52 avg300=81.17 total=2680391897"))
        .isEqualTo(91.52);
    assertThat(Machine.parsePressure("some total=1")).isNaN();
  }
}
