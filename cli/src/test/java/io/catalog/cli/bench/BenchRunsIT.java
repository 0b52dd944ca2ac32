package io.catalog.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalog.domain.product.ProductDraft;
import io.catalog.domain.product.ProductService;
import io.catalog.domain.product.WriteContext;
import io.catalog.testkit.ProductWriters;
import io.catalog.workers.testing.ItStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
