package io.catalog.cli.bench;

import java.util.List;

/**
 * How big each workload runs. {@link #quick()} keeps every workload to seconds (the whole bench in
 * about two minutes); {@link #full()} is what docs/benchmarks.md reports.
 *
 * @param clients concurrent HTTP clients (W1) and JDBC connections of its raw baseline: enough that
 *     both sides are saturated, so that the closed loop measures each one's maximum (the raw
 *     transaction is at its maximum from 16; the API, whose creates share transactions only when
 *     they wait for one another, climbs to 64: docs/benchmarks.md, "A closed loop that saturates
 *     both sides")
 * @param warmupSeconds window of W1's warm-up: windows run until two successive ones agree (JIT
 *     settled)
 * @param measureSeconds closed-loop measurement of W1 (API and raw each)
 * @param w1Rates offered rates of W1's latency-versus-load curve (open loop); empty means {@code
 *     w1Fractions} of the closed-loop throughput W1 just measured
 * @param w1Fractions fractions of the measured throughput offered when {@code w1Rates} is empty
 * @param curveSeconds how long each point of a curve offers its rate
 * @param relayRows outbox rows W2 preloads (per publisher variant) and the raw producer sends
 * @param relayRate W2's fixed offered write rate for write→Kafka latency
 * @param relaySeconds how long W2 offers that rate
 * @param projectionEvents events W3 projects (and bulk-loads raw)
 * @param rebuildProducts products W4 seeds into its own database and rebuilds
 * @param w5Rates offered rates of W5 (write→searchable); 500/s is the headline figure
 */
public record BenchPlan(
    int clients,
    int warmupSeconds,
    int measureSeconds,
    List<Double> w1Rates,
    List<Double> w1Fractions,
    int curveSeconds,
    int relayRows,
    double relayRate,
    int relaySeconds,
    int projectionEvents,
    int rebuildProducts,
    List<Double> w5Rates) {

  public static final double W5_HEADLINE_RATE = 500;

  public static BenchPlan quick() {
    return new BenchPlan(
        16,
        1,
        5,
        List.of(),
        List.of(0.5, 1.0),
        3,
        5_000,
        1000,
        4,
        10_000,
        20_000,
        List.of(W5_HEADLINE_RATE));
  }

  public static BenchPlan full() {
    return new BenchPlan(
        64,
        5,
        20,
        List.of(),
        List.of(0.25, 0.5, 0.75, 1.0),
        10,
        50_000,
        1000,
        15,
        100_000,
        1_000_000,
        List.of(50.0, 100.0, 250.0, W5_HEADLINE_RATE));
  }

  public BenchPlan withW1Rates(List<Double> rates) {
    return with(clients, List.copyOf(rates), rebuildProducts, w5Rates);
  }

  public BenchPlan withW5Rates(List<Double> rates) {
    return with(clients, w1Rates, rebuildProducts, List.copyOf(rates));
  }

  public BenchPlan withClients(int n) {
    return with(n, w1Rates, rebuildProducts, w5Rates);
  }

  public BenchPlan withRebuildProducts(int n) {
    return with(clients, w1Rates, n, w5Rates);
  }

  /** This plan with the components the command line can set replaced. */
  private BenchPlan with(
      int clients, List<Double> w1Rates, int rebuildProducts, List<Double> w5Rates) {
    return new BenchPlan(
        clients,
        warmupSeconds,
        measureSeconds,
        w1Rates,
        w1Fractions,
        curveSeconds,
        relayRows,
        relayRate,
        relaySeconds,
        projectionEvents,
        rebuildProducts,
        w5Rates);
  }
}
