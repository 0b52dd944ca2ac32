package io.catalog.cli.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a chaos run injected, what load it ran, and what it checked at the end. */
public final class ChaosReport {
  /**
   * One fault.
   *
   * @param atSeconds when it was injected, from the start of the run
   * @param target what was broken
   * @param how SIGKILL or stop
   * @param heldSeconds how long the target stayed away (until it was started again)
   * @param recoveredSeconds from the restart until the API and the workers reported healthy
   * @param writesDuring REST writes acknowledged while the fault lasted
   * @param unavailableDuring 503 answers of the API meanwhile (to the writers, and to the probe
   *     that asks for /health and a create while Postgres is down)
   */
  public record InjectedFault(
      double atSeconds,
      String target,
      String how,
      double heldSeconds,
      double recoveredSeconds,
      long writesDuring,
      long unavailableDuring) {}

  /** One invariant checked after the run; {@code detail} says what was counted. */
  public record Check(String invariant, boolean holds, String detail) {}

  public final String runId;
  public final long seed;
  public final double minutes;
  public final List<InjectedFault> faults = new ArrayList<>();
  public final Map<String, Object> workload = new LinkedHashMap<>();
  public final List<Check> checks = new ArrayList<>();

  ChaosReport(String runId, long seed, double minutes) {
    this.runId = runId;
    this.seed = seed;
    this.minutes = minutes;
  }

  void check(String invariant, boolean holds, String detail) {
    checks.add(new Check(invariant, holds, detail));
  }

  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::holds);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> !c.holds()).toList();
  }
}
