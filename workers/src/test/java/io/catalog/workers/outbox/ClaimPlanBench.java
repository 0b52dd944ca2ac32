package io.catalog.workers.outbox;

import io.catalog.domain.db.Database;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Not a test: the measurement behind docs/benchmarks.md, W2 "Claim query under a large backlog".
 * Creates database h1claim on the test Postgres (PG_PORT, default 25432; user/password platform),
 * loads a scenario with autovacuum off and statistics taken on the empty table, runs the claim 8
 * times through Jdbi on one connection (as the publisher does), then prints EXPLAIN (ANALYZE,
 * BUFFERS) of the same SQL prepared and executed 6 times (cached plan), forced custom, forced
 * generic. PRE_SQL (e.g. "SET LOCAL enable_sort = off", what OutboxPublishDao.claim runs) is run in
 * each transaction first.
 *
 * <p>Args: scenario (p50k, p200k, p50k_v10, p200k_v10, pub200k_p50k, pub1m_p200k, dead50k_p50k)
 * claimSqlFile [stale|analyze] [shards].
 */
public class ClaimPlanBench {
  static String PRE = System.getenv("PRE_SQL");

  static void pre(Handle x) {
    if (PRE != null) x.execute(PRE);
  }

  static String base =
      "jdbc:postgresql://127.0.0.1:" + System.getenv().getOrDefault("PG_PORT", "25432") + "/";

  public static void main(String[] a) throws Exception {
    String scenario = a[0];
    String claimSql = Files.readString(Path.of(a[1]));
    boolean analyze = a.length > 2 && a[2].equals("analyze");
    int shards = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    String db = System.getenv().getOrDefault("CLAIM_BENCH_DB", "h1claim");
    try (Connection c = DriverManager.getConnection(base + "platform", "platform", "platform");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + db);
    }
    String url = base + db;
    Database.migrate(url, "platform", "platform");
    Jdbi jdbi = Database.configure(Jdbi.create(url, "platform", "platform"));
    try (Handle h = jdbi.open()) {
      h.execute("ALTER TABLE outbox_events SET (autovacuum_enabled = off)");
      h.execute("ANALYZE outbox_events"); // statistics of an (almost) empty outbox
      long t0 = System.nanoTime();
      switch (scenario) {
        case "p50k" -> load(h, 50_000, 1, "PENDING");
        case "p200k" -> load(h, 200_000, 1, "PENDING");
        case "p50k_v10" -> load(h, 5_000, 10, "PENDING");
        case "p200k_v10" -> load(h, 20_000, 10, "PENDING");
        case "pub200k_p50k" -> {
          load(h, 200_000, 1, "PUBLISHED");
          h.execute("VACUUM ANALYZE outbox_events");
          load(h, 50_000, 1, "PENDING");
        }
        case "pub1m_p200k" -> {
          load(h, 1_000_000, 1, "PUBLISHED");
          h.execute("VACUUM ANALYZE outbox_events");
          load(h, 200_000, 1, "PENDING");
        }
        case "dead50k_p50k" -> {
          load(h, 100_000, 1, "PENDING");
          h.execute("ANALYZE outbox_events");
          h.execute(
              "UPDATE outbox_events SET status='PUBLISHED', published_at=now() WHERE id <= (SELECT min(id)+49999 FROM outbox_events)");
        }
        default -> throw new IllegalArgumentException(scenario);
      }
      System.out.printf("loaded %s in %d ms%n", scenario, (System.nanoTime() - t0) / 1_000_000);
      if (analyze) h.execute("ANALYZE outbox_events");
      long maxId = h.createQuery("SELECT max(id) FROM outbox_events").mapTo(Long.class).one();
      System.out.println(
          h.createQuery(
                  "SELECT format('pending=%s total=%s', count(*) FILTER (WHERE status='PENDING'), count(*)) FROM outbox_events")
              .mapTo(String.class)
              .one());
      System.out.println(
          h.createQuery(
                  "SELECT format('stats reltuples=%s relpages=%s', reltuples, relpages) FROM pg_class WHERE relname='outbox_events'")
              .mapTo(String.class)
              .one());
      // 1) as the DAO runs it: Jdbi named params, pgjdbc server-side prepare after 5 executions
      String jdbiSql = claimSql;
      if (System.getenv("AUTO_EXPLAIN") != null) {
        h.execute("LOAD 'auto_explain'");
        h.execute("SET auto_explain.log_min_duration = 0");
        h.execute("SET auto_explain.log_analyze = on");
        h.execute("SET auto_explain.log_buffers = on");
      }
      for (int i = 1; i <= 8; i++) {
        long b = System.nanoTime();
        int n =
            h.inTransaction(
                x -> {
                  pre(x);
                  return x.createQuery(jdbiSql)
                      .bind("shard", 0)
                      .bind("shards", shards)
                      .bind("limit", 500)
                      .bind("maxId", maxId)
                      .mapToMap()
                      .list()
                      .size();
                });
        System.out.printf("jdbi run %d: %d rows in %.1f ms%n", i, n, (System.nanoTime() - b) / 1e6);
      }
      // 2) the same statement as a SQL-level prepared statement: EXPLAIN ANALYZE after the plan
      // cache settled
      String pgSql =
          claimSql
              .replace(":shards", "$2")
              .replace(":shard", "$1")
              .replace(":limit", "$3")
              .replace(":maxId", "$4");
      h.execute("PREPARE claim_x(int, int, int, bigint) AS " + pgSql);
      for (int i = 0; i < 6; i++) {
        h.inTransaction(
            x -> {
              pre(x);
              return x.createQuery("EXECUTE claim_x(0, " + shards + ", 500, " + maxId + ")")
                  .mapToMap()
                  .list();
            });
      }
      String plan =
          h.inTransaction(
              x -> {
                pre(x);
                return String.join(
                    "\n",
                    x.createQuery(
                            "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim_x(0, "
                                + shards
                                + ", 500, "
                                + maxId
                                + ")")
                        .mapTo(String.class)
                        .list());
              });
      System.out.println("---- prepared (after 6 executions):\n" + plan);
      String custom =
          h.inTransaction(
              x -> {
                x.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                pre(x);
                return String.join(
                    "\n",
                    x.createQuery(
                            "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim_x(0, "
                                + shards
                                + ", 500, "
                                + maxId
                                + ")")
                        .mapTo(String.class)
                        .list());
              });
      System.out.println("---- custom plan:\n" + custom);
      String generic =
          h.inTransaction(
              x -> {
                x.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                pre(x);
                return String.join(
                    "\n",
                    x.createQuery(
                            "EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim_x(0, "
                                + shards
                                + ", 500, "
                                + maxId
                                + ")")
                        .mapTo(String.class)
                        .list());
              });
      System.out.println("---- generic plan:\n" + generic);
    }
  }

  static void load(Handle h, int products, int versions, String status) {
    h.execute(
        "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, topic, payload, headers, shard_key, status, published_at)"
            + " SELECT gen_random_uuid(), 'product', p.aid, v, 'product.updated', 'bench.product.events',"
            + " jsonb_build_object('id', p.aid, 'version', v, 'title', repeat('t', 80), 'description', repeat('d', 400)), '{\"traceparent\":\"00-abc\"}'::jsonb,"
            + " (p.n % 1024)::smallint, ?, CASE WHEN ? = 'PUBLISHED' THEN now() END"
            + " FROM (SELECT n, gen_random_uuid() AS aid FROM generate_series(1, ?) n) p, generate_series(1, ?) v"
            + " ORDER BY p.n / 100, v, p.n",
        status, status, products, versions);
  }
}
