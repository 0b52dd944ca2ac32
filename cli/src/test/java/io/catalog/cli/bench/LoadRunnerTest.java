package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {
  @Test
  void everyWindowOfAPhaseRunsOnTheSameClientThreads() throws InterruptedException {
    // What a client opens per thread (a database session, a keep-alive connection) must be opened
    // once per phase: a pool per window left each window's sessions open until Postgres ran out.
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    LoadRunner.Operation op =
        (i, due) -> {
          seen.add(Thread.currentThread());
          Thread.sleep(1);
        };
    LoadRunner.Warmup warm;
    LoadRunner.Outcome measured;
    try (LoadRunner.Clients clients = new LoadRunner.Clients(3)) {
      warm =
          LoadRunner.warmUntilSteady(
              clients, Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(5), 0.9, op);
      measured =
          LoadRunner.closedLoop(
              clients, Duration.ZERO, Duration.ofMillis(100), op, new Latencies());
    }
    assertThat(warm.windows()).isGreaterThanOrEqualTo(2 * LoadRunner.STEADY_GROUP);
    assertThat(measured.ok()).isPositive();
    assertThat(measured.failed()).isZero();
    assertThat(seen).hasSize(3);
  }

  @Test
  void anOpenLoopsThreadsPaceThemselvesAndTheCallerOnlyWaits() throws InterruptedException {
    // A pacing thread that hands each operation to a load thread costs the bench two thread
    // wake-ups per operation on the cores it shares with what it measures: at 10,000 operations
    // that caller spent tens of milliseconds of CPU parking and handing over; waiting costs
    // nothing.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicInteger early = new AtomicInteger();
    // Loading and linking the loop's classes is the caller's too, once: not what is measured.
    LoadRunner.openLoop(OpenLoopSchedule.of(1_000, 0.01), 4, Duration.ofSeconds(5), (i, due) -> {});
    long cpuBefore = threads.getCurrentThreadCpuTime();
    LoadRunner.Outcome outcome =
        LoadRunner.openLoop(
            OpenLoopSchedule.of(10_000, 1.0),
            4,
            Duration.ofSeconds(5),
            (i, due) -> {
              if (System.nanoTime() < due) {
                early.incrementAndGet();
              }
            });
    long callerCpuMillis = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
    assertThat(outcome.ok()).isEqualTo(10_000);
    assertThat(outcome.failed()).isZero();
    assertThat(early).as("operations started before they were due").hasValue(0);
    assertThat(callerCpuMillis).as("CPU ms the calling thread spent").isLessThan(10);
  }

  @Test
  void anOperationDueWhileEveryThreadIsBusyStartsLateWithItsOwnDueTime()
      throws InterruptedException {
    // Latency is measured from the due time: a stall must show, not lower the offered load.
    long[] lateness = new long[20];
    LoadRunner.Outcome outcome =
        LoadRunner.openLoop(
            OpenLoopSchedule.of(100, 0.2),
            1,
            Duration.ofSeconds(5),
            (i, due) -> {
              lateness[i] = System.nanoTime() - due;
              Thread.sleep(30);
            });
    assertThat(outcome.ok()).isEqualTo(20);
    // One thread, 30 ms per operation, one due every 10 ms: the last starts about 400 ms late.
    assertThat(lateness[19]).isGreaterThan(Duration.ofMillis(300).toNanos());
  }

  @Test
  void nothingIsOfferedAfterTheLimit() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    LoadRunner.Outcome outcome =
        LoadRunner.openLoop(
            OpenLoopSchedule.of(100, 10),
            2,
            Duration.ofMillis(200),
            (i, due) -> ran.incrementAndGet());
    // Due every 10 ms from 0: the operations due at 0, 10, …, 200 ms.
    assertThat(ran).hasValue(21);
    assertThat(outcome.ok()).isEqualTo(ran.get());
  }
}
