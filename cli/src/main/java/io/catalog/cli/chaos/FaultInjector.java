package io.catalog.cli.chaos;

import io.catalog.localstack.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Breaks the platform at random moments: a random gap, then the next fault of a shuffled round of
 * all kinds, held for a random time, then healed; until the plan's duration is over and every kind
 * happened at least once. While Postgres is down it probes the API ({@link OutageProbe}).
 */
final class FaultInjector {
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  private final LocalStack stack;
  private final ChaosApps apps;
  private final ChaosPlan plan;
  private final Random random;
  private final Consumer<String> say;
  private final IndexCorruption index;

  /** When each fault was injected, in order. */
  final List<Instant> injectedAt = new ArrayList<>();

  /** What the API answered during each Postgres outage, in order. */
  final List<OutageProbe.Answers> databaseOutages = new ArrayList<>();

  FaultInjector(
      LocalStack stack,
      ChaosApps apps,
      IndexCorruption index,
      ChaosPlan plan,
      Random random,
      Consumer<String> say) {
    this.stack = stack;
    this.index = index;
    this.apps = apps;
    this.plan = plan;
    this.random = random;
    this.say = say;
  }

  /**
   * Injects faults until the plan's time is up (and every kind happened); false if the platform did
   * not recover.
   */
  boolean inject(ChaosWorkload workload, ChaosReport report) throws Exception {
    long faultsStart = System.nanoTime();
    long end = faultsStart + plan.duration().toNanos();
    List<Fault> round = new ArrayList<>();
    Set<Fault> seen = EnumSet.noneOf(Fault.class);
    while (true) {
      // The run lasts its duration and at least one round: every kind of fault happens once.
      boolean allSeen = seen.containsAll(plan.faults());
      pause(between(plan.gapMin(), plan.gapMax()), allSeen ? end : Long.MAX_VALUE);
      if (allSeen && System.nanoTime() >= end) {
        return true;
      }
      if (round.isEmpty()) {
        round.addAll(plan.faults());
        Collections.shuffle(round, random);
      }
      Fault fault = round.remove(0);
      seen.add(fault);
      if (!injectOne(fault, seconds(System.nanoTime() - faultsStart), workload, report)) {
        return false;
      }
    }
  }

  private boolean injectOne(Fault fault, double at, ChaosWorkload workload, ChaosReport report)
      throws Exception {
    Fault.Targets targets = new Fault.Targets(stack, apps, index);
    Duration hold = between(plan.faultMin(), plan.faultMax());
    long writesBefore = workload.restWrites();
    long unavailableBefore = workload.unavailableAnswers();
    long injected = System.nanoTime();
    injectedAt.add(Instant.now());
    String how = fault.inject(targets, random);
    say.accept(
        String.format("injected: %s %s, held for %d s", fault.target, how, hold.toSeconds()));
    long probed503 = holdFault(fault, hold);
    long restarted = System.nanoTime();
    try {
      fault.heal(targets);
    } catch (RuntimeException e) {
      say.accept(
          "restarting the " + fault.target + " failed (" + e.getMessage() + "); trying once more");
      fault.heal(targets);
    }
    double held = seconds(System.nanoTime() - injected);
    // A cluster's replicas serve while the killed one restarts: the next fault may come as soon as
    // the platform serves again. A single process must be back itself.
    boolean recovered = Polling.await(RECOVERY, plan.cluster() ? apps::serving : apps::allHealthy);
    double recovery = seconds(System.nanoTime() - restarted);
    report.faults.add(
        new ChaosReport.InjectedFault(
            at,
            fault.target,
            how,
            held,
            recovery,
            workload.restWrites() - writesBefore,
            workload.unavailableAnswers() - unavailableBefore + probed503));
    say.accept(
        String.format(
            "healed:   %s after %.1f s; %s again %.1f s after the restart%s",
            fault.target,
            held,
            plan.cluster() ? "serving" : "healthy",
            recovery,
            fault.healsInBackground(targets) ? " (the member still restarts meanwhile)" : ""));
    if (!recovered) {
      report.check(
          "the platform recovered from every fault",
          false,
          fault.target
              + " "
              + how
              + ": API or workers not healthy "
              + RECOVERY.toMinutes()
              + " min after the restart");
    }
    return recovered;
  }

  /**
   * Keeps the fault for {@code hold}; a Postgres outage is probed meanwhile. Returns the 503
   * answers the probe saw (0 for the other faults).
   */
  private long holdFault(Fault fault, Duration hold) throws Exception {
    if (fault != Fault.POSTGRES) {
      pause(hold, Long.MAX_VALUE);
      return 0;
    }
    OutageProbe.Answers answers = new OutageProbe(apps.apiUrl()).probeFor(hold);
    databaseOutages.add(answers);
    say.accept(
        "probed:   while Postgres was down, /health answered "
            + answers.health()
            + ", creates "
            + answers.writes());
    return answers.health503() + answers.writes503();
  }

  /** Every server up, every API and workers process running; whether all are healthy. */
  boolean heal() throws Exception {
    stack.ensureUp();
    apps.start("workers");
    apps.start("api");
    return Polling.await(RECOVERY, apps::allHealthy);
  }

  private Duration between(Duration min, Duration max) {
    long span = max.toMillis() - min.toMillis();
    return min.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
  }

  /**
   * Waits out a planned gap or hold of the schedule (this is the schedule, not synchronisation).
   */
  private static void pause(Duration length, long notAfter) throws InterruptedException {
    long until = Math.min(System.nanoTime() + length.toNanos(), notAfter);
    long left = until - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
