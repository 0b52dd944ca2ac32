package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
}
