package io.catalog.cli.bench;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.localstack.Probes;
import io.catalog.operations.temporal.Executions;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The bench's own workers processes of one W7 configuration, started from the built jar under a
 * name prefix of their own. {@link #close()} stops them (SIGTERM, then SIGKILL after a grace) and
 * removes what they left in Temporal under that prefix (their publisher and triage workflows, the
 * cleanup schedule); their topics, groups, indices and rows are {@link BenchCleanup}'s, by prefix.
 */
final class BenchWorkers implements AutoCloseable {
  /** Workers.close lets the activities finish their batch (up to 20 s) and flushes producers. */
  static final Duration STOP_GRACE = Duration.ofSeconds(60);

  /** One started process and the port of its /health. */
  record Started(String name, int port, Process process) {}

  private final BenchContext ctx;
  private final ScaleOut shape;
  private final PlatformNames names;
  private final Consumer<String> say;
  private final List<Started> started = new ArrayList<>();
  private boolean closed;

  private BenchWorkers(
      BenchContext ctx, ScaleOut shape, PlatformNames names, Consumer<String> say) {
    this.ctx = ctx;
    this.shape = shape;
    this.names = names;
    this.say = say;
  }

  /**
   * Starts {@code shape.processes()} workers processes under {@code names}. They are adopted by
   * {@code ctx} first, so that the bench's cleanup stops them even when the run is interrupted.
   */
  static BenchWorkers start(
      BenchContext ctx, ScaleOut shape, PlatformNames names, Consumer<String> say)
      throws IOException {
    if (ctx.workersLauncher == null) {
      throw new IllegalStateException(
          "no way to start workers processes here (W7 runs through `./platform bench`)");
    }
    BenchWorkers workers = new BenchWorkers(ctx, shape, names, say);
    ctx.adopt(workers);
    try {
      List<Integer> ports = distinctPorts(shape.processes(), BenchWorkers::freePort);
      for (int i = 0; i < shape.processes(); i++) {
        workers.launch(shape.processName(i), ports.get(i));
      }
    } catch (IOException | RuntimeException e) {
      workers.close(); // those already started must not outlive a failed start
      throw e;
    }
    return workers;
  }

  private synchronized void launch(String name, int port) throws IOException {
    if (closed) {
      throw new IllegalStateException("the bench is cleaning up: " + name + " not started");
    }
    Map<String, String> env = env(ctx.targets.endpoints(), names, shape.shards(), port);
    started.add(new Started(name, port, ctx.workersLauncher.start(ctx.workersRunDir, name, env)));
  }

  /**
   * The settings of one bench workers process: the bench's endpoints under the configuration's name
   * prefix, its shard count, its own /health port on loopback, and no reconciliation schedule (a
   * scheduled run would only add load; {@code off} also keeps it from being created).
   */
  static Map<String, String> env(Endpoints endpoints, PlatformNames names, int shards, int port) {
    Map<String, String> env = endpoints.withNamePrefix(names.prefix()).toEnv();
    env.put("OUTBOX_SHARDS", Integer.toString(shards));
    env.put("WORKERS_METRICS_PORT", Integer.toString(port));
    env.put("WORKERS_OPS_BIND", "127.0.0.1");
    env.put("RECONCILE_INTERVAL", "off");
    return env;
  }

  /**
   * {@code n} different ports from {@code free}: two sockets bound to port 0 one after the other
   * may be handed the same port once the first is closed, and two processes cannot share one.
   */
  static List<Integer> distinctPorts(int n, IntSupplier free) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (int tries = 0; ports.size() < n; tries++) {
      if (tries >= 20 * n) {
        throw new IllegalStateException(
            "no " + n + " distinct free ports after " + tries + " tries");
      }
      ports.add(free.getAsInt());
    }
    return List.copyOf(ports);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Process name → pid, in start order. */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    snapshot().forEach(s -> pids.put(s.name(), s.process().pid()));
    return pids;
  }

  private synchronized List<Started> snapshot() {
    return List.copyOf(started);
  }

  /**
   * Waits until every process answers 200 on its /health (database, topics, Temporal and both
   * consumers up); fails at once when one exited, naming its log.
   */
  void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Started s : snapshot()) {
      while (!healthy(s.port())) {
        if (!s.process().isAlive()) {
          throw new IllegalStateException(
              s.name()
                  + " exited with "
                  + s.process().exitValue()
                  + " before it was healthy; "
                  + log(s));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              s.name() + " not healthy within " + timeout + "; " + log(s));
        }
        Thread.sleep(500); // polling /health; a starting JVM has no event to wait on
      }
    }
  }

  /**
   * Waits until all {@code shards} publisher workflows of the prefix answer their {@code status}
   * query with this shard count: then each has a run open and a worker of ours serving it.
   */
  void awaitPublishers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int shard = 0; shard < shape.shards(); shard++) {
      String id = names.outboxPublisherWorkflowId(shard);
      while (!runs(id)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("publisher " + id + " not running within " + timeout);
        }
        Thread.sleep(200); // polling a workflow query; the supervisor starts them on its own
      }
    }
  }

  private boolean runs(String id) {
    try {
      return ctx.temporal().newWorkflowStub(OutboxPublisherWorkflow.class, id).status().shards()
          == shape.shards();
    } catch (RuntimeException notYet) {
      return false; // not started yet, or no worker polled its task queue yet
    }
  }

  private static boolean healthy(int port) {
    return Probes.ok("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(5));
  }

  private String log(Started s) {
    Path log = WorkersLauncher.log(ctx.workersRunDir, s.name());
    return "its output is in " + log;
  }

  /**
   * SIGTERM to every process at once, then waits for each (SIGKILL after {@link #STOP_GRACE}); then
   * terminates the prefix's workflows, which no worker serves any more, and deletes its cleanup
   * schedule, which would otherwise start a run every hour that nothing picks up. Idempotent: the
   * run's cleanup calls it too.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    started.forEach(s -> s.process().destroy());
    for (Started s : started) {
      try {
        if (!s.process().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
          say.accept(s.name() + " did not stop within " + STOP_GRACE + ": killed");
          s.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        s.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (!started.isEmpty()) {
      retire(ctx, names, shape.shards(), say);
    }
    ctx.release(this);
  }

  /**
   * Terminates the publisher and triage workflows under {@code names}' prefix and deletes its
   * cleanup schedule; what does not exist (never started, already closed) is skipped quietly.
   */
  static void retire(BenchContext ctx, PlatformNames names, int shards, Consumer<String> say) {
    List<String> workflows = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      workflows.add(names.outboxPublisherWorkflowId(shard));
    }
    workflows.add(names.dlqTriageWorkflowId());
    for (String id : workflows) {
      try {
        ctx.temporal().newUntypedWorkflowStub(id).terminate("bench workers stopped");
      } catch (WorkflowNotFoundException e) {
        // Never started or already closed: nothing to retire.
      } catch (RuntimeException e) {
        say.accept("could not terminate workflow " + id + ": " + e);
      }
    }
    try {
      ctx.schedules().getHandle(names.outboxCleanupScheduleId()).delete();
    } catch (RuntimeException e) {
      if (!Executions.notFound(e)) {
        say.accept("could not delete schedule " + names.outboxCleanupScheduleId() + ": " + e);
      }
    }
  }
}
