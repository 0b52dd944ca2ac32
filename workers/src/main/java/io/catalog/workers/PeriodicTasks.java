package io.catalog.workers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The worker process's periodic work, each on a daemon thread: the supervisors that keep the
 * publisher and triage workflows running and the backlog refresh share one; the workflow gauges
 * have their own, so that a query to a workflow whose worker is away does not hold up the backlog.
 */
final class PeriodicTasks implements AutoCloseable {
  private final ScheduledExecutorService scheduler = daemon("workers-scheduler");
  private final ScheduledExecutorService workflowSampler = daemon("workflow-gauges");

  /** Runs {@code task} now and then every {@code interval} after the previous run ended. */
  void every(Duration interval, Runnable task) {
    scheduler.scheduleWithFixedDelay(task, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** As {@link #every}, on the workflow sampler's own thread. */
  void sampleWorkflowsEvery(Duration interval, Runnable task) {
    workflowSampler.scheduleWithFixedDelay(task, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ScheduledExecutorService daemon(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    workflowSampler.shutdownNow();
  }
}
