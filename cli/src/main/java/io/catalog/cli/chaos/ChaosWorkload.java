package io.catalog.cli.chaos;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/** The REST writers, the command feed and the rebuild/replay schedule, each on its own thread. */
final class ChaosWorkload {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<RestWriter> writers = new ArrayList<>();
  final CommandFeeder commands;
  final WorkflowDriver workflows;
  private final ExecutorService pool;

  ChaosWorkload(
      ChaosPlan plan,
      ChaosApps apps,
      Endpoints endpoints,
      PlatformNames names,
      WorkflowDriver workflows) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> apis = apps.apiUrls();
    for (int i = 0; i < plan.writers(); i++) {
      // Each writer starts on its own API replica and fails over to the others.
      List<String> mine = new ArrayList<>(apis);
      Collections.rotate(mine, -(i % apis.size()));
      writers.add(
          new RestWriter(mine, http, plan.seed() + i, running, plan.writesPerWriterPerSecond()));
    }
    commands =
        new CommandFeeder(
            endpoints.kafkaBootstrap(),
            names.productCommands(),
            names.productEvents(),
            plan.commandsPerSecond(),
            plan.poisonEvery(),
            running);
    this.workflows = workflows;
    pool =
        Executors.newFixedThreadPool(
            plan.writers() + 2,
            r -> {
              Thread t = new Thread(r, "chaos-load");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    writers.forEach(pool::submit);
    pool.submit(commands);
    pool.submit(workflows);
  }

  long restWrites() {
    return writers.stream().mapToLong(RestWriter::acknowledged).sum();
  }

  /** 503 answers the writers got so far. */
  long unavailableAnswers() {
    return sum(w -> w.unavailable.get());
  }

  /** Products the writers created and did not delete, each writer's hot ones first. */
  List<String> liveProducts() {
    return writers.stream().flatMap(w -> w.live().stream()).toList();
  }

  /** Stops the writers and the command feed (the workflow schedule stops on its own signal). */
  void stop() throws InterruptedException {
    running.set(false);
    workflows.stopScheduling();
    pool.shutdown();
    if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
    commands.close();
  }

  void summarise(ChaosReport report) {
    report.workload.put("rest_creates", sum(w -> w.creates.get()));
    report.workload.put("rest_updates", sum(w -> w.updates.get()));
    report.workload.put("rest_deletes", sum(w -> w.deletes.get()));
    report.workload.put("rest_failed_attempts", sum(w -> w.failedAttempts.get()));
    report.workload.put("rest_answers_503", unavailableAnswers());
    report.workload.put("commands_valid_acknowledged", commands.acknowledged.size());
    report.workload.put("commands_invalid_sent", commands.poison.size());
    report.workload.put("broken_events_sent", commands.poisonEvents.size());
    report.workload.put("command_deliveries", commands.deliveries.get());
    report.workload.put("command_sends_failed", commands.failedSends.get());
    report.workload.put("rebuilds_started", workflows.started(WorkflowDriver.REBUILD));
    report.workload.put("replays_started", workflows.started(WorkflowDriver.REPLAY));
    report.workload.put("workflows_started_after_the_faults", workflows.lateStarts());
    report.workload.put("workflow_starts_refused", workflows.startFailures.size());
  }

  private long sum(ToLongFunction<RestWriter> counter) {
    return writers.stream().mapToLong(counter).sum();
  }
}
