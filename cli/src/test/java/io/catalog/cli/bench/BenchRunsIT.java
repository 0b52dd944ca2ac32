package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.ItStack;
import io.catalog.workflows.outbox.OutboxPublisherInput;
import io.catalog.workflows.outbox.OutboxPublisherWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bench run removes what an earlier run left when that run ended without its clean-up (killed
 * outright), and leaves a run that is still running alone: products, outbox rows, databases and
 * topics of the dead run go; the live run's stay until it has ended too.
 */
class BenchRunsIT {
  @Test
  void removesWhatADeadRunLeftAndLeavesALiveRunAlone() throws Exception {
    try (ItStack it = ItStack.create()) {
      BenchTargets targets = new BenchTargets("http://127.0.0.1:1", it.endpoints());
      try (BenchContext dead = leftBehind(targets, "dead01");
          BenchContext live = leftBehind(targets, "a1a1a1");
          BenchContext current = new BenchContext(targets, BenchPlan.quick())) {
        Set<String> removed;
        try (BenchRuns liveRun = BenchRuns.claim(it.db.jdbi(), "a1a1a1")) {
          assertThat(BenchRuns.running(it.db.jdbi(), "a1a1a1")).isTrue();
          assertThat(BenchRuns.running(it.db.jdbi(), "dead01")).isFalse();
          List<String> said = new ArrayList<>();

          removed = BenchRuns.removeLeftovers(current, said::add);

          assertThat(said).anySatisfy(l -> assertThat(l).contains("bench-dead01 ended without"));
        }
        assertThat(removed).containsExactly("dead01");
        assertThat(products(it, dead)).isZero();
        assertThat(outboxRows(it, current.platformNames.prefix() + "bench-dead01-")).isZero();
        assertThat(databases(it, "bench_dead01_")).isZero();
        assertThat(topics(current, current.platformNames.prefix() + "bench-dead01-")).isEmpty();
        assertThat(products(it, live)).isEqualTo(10);
        assertThat(outboxRows(it, current.platformNames.prefix() + "bench-a1a1a1-")).isEqualTo(10);
        assertThat(databases(it, "bench_a1a1a1_")).isEqualTo(1);
        assertThat(topics(current, current.platformNames.prefix() + "bench-a1a1a1-")).isNotEmpty();

        // The live run has ended (its lock is gone) without cleaning up: the next run removes it.
        assertThat(BenchRuns.removeLeftovers(current, line -> {})).containsExactly("a1a1a1");
        assertThat(products(it, live)).isZero();
        assertThat(databases(it, "bench_a1a1a1_")).isZero();
        assertThat(topics(current, current.platformNames.prefix() + "bench-a1a1a1-")).isEmpty();
      }
    }
  }

  @Test
  void stopsTheProcessesAndRetiresTheWorkflowsThatADeadRunsW7Left(@TempDir Path root)
      throws Exception {
    try (ItStack it = ItStack.create()) {
      BenchTargets targets = new BenchTargets("http://127.0.0.1:1", it.endpoints());
      try (BenchContext dead = leftBehind(targets, "dead02");
          BenchContext current = new BenchContext(targets, BenchPlan.quick())) {
        current.workersRunDir = root.resolve("bench-" + current.runId);
        // W7's 3x4 configuration was running when the bench was killed: a workers process (a
        // stand-in whose command line names the platform, as the real one's does) and a publisher
        // of its prefix, which nothing serves now.
        Path deadDir = Files.createDirectories(root.resolve("bench-dead02"));
        Path sleeper =
            Files.writeString(
                root.resolve("Sleeper.java"),
                "class Sleeper { public static void main(String[] a) throws Exception {"
                    + " Thread.sleep(600_000); } }");
        Process orphan = standIn(sleeper);
        Files.writeString(deadDir.resolve("workers-w7-3x4-0.pid"), Long.toString(orphan.pid()));
        // A process that is not the platform's, and one that is but got the pid of a process
        // that ended long ago (the pid file is older than the process): both left alone.
        Process notOurs = new ProcessBuilder("sleep", "600").start();
        Files.writeString(deadDir.resolve("workers-w7-3x4-1.pid"), Long.toString(notOurs.pid()));
        Process recycled = standIn(sleeper);
        Path stale =
            Files.writeString(
                deadDir.resolve("workers-w7-1x1-0.pid"), Long.toString(recycled.pid()));
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        String publisher =
            dead.names(ScaleOut.THREE_BY_FOUR.workload()).outboxPublisherWorkflowId(2);
        WorkflowClient.start(
            it.client.newWorkflowStub(
                    OutboxPublisherWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(publisher)
                        .setTaskQueue(it.names.prefix() + "nobody-serves-this")
                        .build())
                ::run,
            OutboxPublisherInput.of(2, 4, 500));
        try {
          List<String> said = new ArrayList<>();

          assertThat(BenchRuns.removeLeftovers(current, said::add)).containsExactly("dead02");

          assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(said)
              .anySatisfy(
                  l -> assertThat(l).contains("workers-w7-3x4-0", "bench-dead02 left running"));
          assertThat(notOurs.isAlive()).isTrue();
          assertThat(recycled.isAlive()).isTrue();
          assertThat(
                  it.client
                      .newUntypedWorkflowStub(publisher)
                      .describe()
                      .getWorkflowExecutionInfo()
                      .getStatus())
              .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
        } finally {
          orphan.destroyForcibly();
          notOurs.destroyForcibly();
          recycled.destroyForcibly();
        }
      }
    }
  }

  /** A JVM whose command line names the platform, as a workers process's does. */
  private static Process standIn(Path sleeper) throws IOException {
    return new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"),
            "-Dio.catalog.stand-in=workers",
            sleeper.toString())
        .start();
  }

  /** What run {@code runId} leaves when it is killed in W2: its topics, rows and a W4 database. */
  private static BenchContext leftBehind(BenchTargets targets, String runId) {
    BenchContext ctx = new BenchContext(targets, BenchPlan.quick(), runId);
    ctx.provisionTopics(ctx.benchNames);
    ProductService service = new ProductService(ctx.jdbi, ctx.benchNames);
    for (int i = 0; i < 10; i++) {
      ProductDraft d = ProductWriters.draft(i);
      service.create(
          new ProductDraft(ctx.rawSeller, d.title(), d.price(), d.currency(), d.stock()),
          WriteContext.none());
    }
    ctx.jdbi.useHandle(h -> h.execute("CREATE DATABASE bench_" + runId + "_w4"));
    return ctx;
  }

  private static long products(ItStack it, BenchContext run) {
    return count(it, "SELECT count(*) FROM products WHERE seller_id = :v", run.rawSeller);
  }

  private static long outboxRows(ItStack it, String topicPrefix) {
    return count(
        it, "SELECT count(*) FROM outbox_events WHERE starts_with(topic, :v)", topicPrefix);
  }

  private static long databases(ItStack it, String prefix) {
    return count(it, "SELECT count(*) FROM pg_database WHERE starts_with(datname, :v)", prefix);
  }

  private static long count(ItStack it, String sql, Object value) {
    return it.db
        .jdbi()
        .withHandle(h -> h.createQuery(sql).bind("v", value).mapTo(Long.class).one());
  }

  private static List<String> topics(BenchContext ctx, String prefix) throws Exception {
    return ctx.kafka.listTopics().names().get(15, TimeUnit.SECONDS).stream()
        .filter(t -> t.startsWith(prefix))
        .toList();
  }
}
