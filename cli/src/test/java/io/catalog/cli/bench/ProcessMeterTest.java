package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.cli.bench.ProcessMeter.Role;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcessMeterTest {

  @Test
  void cpuTicksAreFieldsFourteenAndFifteenEvenWhenTheCommandNameHoldsSpaces() {
    String stat =
        "4242 (Jetty (worker) 1) S 1 4242 4242 0 -1 4194560 512 0 0 0 1234 56 0 0 20 0 40 0 100 0";
    assertThat(ProcessMeter.parseCpuTicks(stat)).isEqualTo(1234 + 56);
  }

  @Test
  void processesAreToldApartByTheirCommandLines() {
    assertThat(
            ProcessMeter.classify(
                "/usr/bin/java -Xmx512m -cp a.jar io.catalog.api.ApiApplication server config/api.yml"))
        .isEqualTo(Role.API);
    assertThat(ProcessMeter.classify("/usr/bin/java -cp w.jar io.catalog.workers.WorkersMain"))
        .isEqualTo(Role.WORKERS);
    assertThat(ProcessMeter.classify("/usr/bin/java -cp libs/* kafka.Kafka server.properties"))
        .isEqualTo(Role.KAFKA);
    assertThat(
            ProcessMeter.classify(
                "/jdk/bin/java -p lib --module org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch"))
        .isEqualTo(Role.ELASTICSEARCH);
    assertThat(
            ProcessMeter.classify(
                "/home/x/.platform/tools/postgres/PG-1/bin/postgres -D data -p 5432"))
        .isEqualTo(Role.POSTGRES);
    assertThat(ProcessMeter.classify("postgres: platform platform 127.0.0.1(5123) idle"))
        .isEqualTo(Role.POSTGRES);
    assertThat(ProcessMeter.classify("/home/x/.platform/tools/bin/temporal server start-dev"))
        .isEqualTo(Role.TEMPORAL);
    assertThat(ProcessMeter.classify("/bin/bash ./platform up")).isNull();
    assertThat(ProcessMeter.classify("")).isNull();
  }

  /**
   * A database session that ends during the phase (the rebuild's end with each chunk) still counts:
   * a shell named like a Postgres backend burns a second of CPU and exits before the meter stops.
   */
  @Test
  void aProcessThatEndsDuringThePhaseCountsUpToItsLastSample() throws Exception {
    ProcessMeter meter = ProcessMeter.start();
    Process backend =
        new ProcessBuilder(
                "bash",
                "-c",
                "exec -a 'postgres: meter-test' bash -c"
                    + " 'end=$((SECONDS+2)); while [ $SECONDS -lt $end ]; do :; done'")
            .start();
    assertThat(backend.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    ProcessMeter.Usage usage = meter.stop();
    assertThat(usage.cpuSeconds().getOrDefault(Role.POSTGRES, 0.0)).isGreaterThan(0.5);
  }

  @Test
  void theMeterSeesItsOwnProcessBurnCpu() {
    ProcessMeter meter = ProcessMeter.start();
    long until = System.nanoTime() + Duration.ofMillis(400).toNanos();
    long x = 0;
    while (System.nanoTime() < until) {
      x += Long.numberOfTrailingZeros(x + System.nanoTime());
    }
    ProcessMeter.Usage usage = meter.stop();
    assertThat(x).isPositive();
    assertThat(usage.cpuSeconds().getOrDefault(Role.BENCH, 0.0)).isGreaterThan(0.1);
    assertThat(usage.peakRssMib().get(Role.BENCH)).isPositive();
    assertThat(usage.describe("phase", 1000))
        .contains("CPU of one core")
        .contains("CPU ms per operation")
        .contains("peak RSS");
  }

  @Test
  void warmUpRunsUntilTwoSuccessiveWindowsAgree() throws InterruptedException {
    assertThat(
            LoadRunner.steady(
                List.of(50.0, 100.0, 95.0, 105.0, 100.0, 98.0, 104.0, 101.0, 97.0), 0.10))
        .isTrue();
    // The cold API of docs/benchmarks.md: neighbours agree (697, 720, 705) while it still climbs.
    assertThat(
            LoadRunner.steady(
                List.of(697.0, 550.0, 725.0, 705.0, 809.0, 813.0, 876.0, 1019.0), 0.10))
        .isFalse();
    assertThat(LoadRunner.steady(List.of(100.0, 101.0, 100.0), 0.10)).isFalse();
    assertThat(LoadRunner.steady(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), 0.10)).isFalse();
    // An operation that gets faster for the first windows, like a server whose JIT is warming.
    AtomicInteger calls = new AtomicInteger();
    long start = System.nanoTime();
    LoadRunner.Warmup w;
    try (LoadRunner.Clients clients = new LoadRunner.Clients(2)) {
      w =
          LoadRunner.warmUntilSteady(
              clients,
              Duration.ofMillis(200),
              Duration.ZERO,
              Duration.ofSeconds(10),
              0.25,
              (i, due) -> {
                calls.incrementAndGet();
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(elapsedMs < 500 ? 20 - elapsedMs / 50 : 5);
              });
    }
    assertThat(w.steady()).isTrue();
    assertThat(w.windows()).isGreaterThanOrEqualTo(8);
    assertThat(calls.get()).isPositive();
  }
}
