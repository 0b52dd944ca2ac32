package io.catalog.workers.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalog.domain.outbox.ClaimWindow;
import io.catalog.domain.outbox.ClaimedEvent;
import io.catalog.domain.outbox.OutboxPublishDao;
import io.catalog.localstack.LocalStack;
import io.catalog.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim stays an index walk that stops after one batch, whatever the backlog and however stale
 * the statistics (docs/benchmarks.md, W2 "Claim query under a large backlog"). Each test loads a
 * backlog of 50,000 PENDING rows behind statistics that predate it (autovacuum off, no ANALYZE
 * after the load), claims through {@link OutboxPublishDao} on one connection until the prepared
 * statement runs its cached (generic) plan, and checks the plan of that same statement in the same
 * transaction: only index scans of outbox_events, each with an index condition, no sort, and a
 * bounded number of buffers. The old claim sorted the whole backlog in the first case and read the
 * whole unpublished index once per candidate row in the second.
 */
class OutboxClaimPlanIT {
  private static final int LIMIT = 500;
  private static final int BACKLOG = 50_000;

  /** pgjdbc prepares on the server from the 5th run, Postgres may go generic from its 6th. */
  private static final int RUNS_UNTIL_GENERIC_PLAN = 12;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestDatabase db;

  @BeforeEach
  void freshDatabase() {
    db = TestDatabase.create(LocalStack.shared().endpoints());
    db.jdbi().useHandle(h -> h.execute("ALTER TABLE outbox_events SET (autovacuum_enabled = off)"));
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void aBacklogBehindTheStatisticsOfAnEmptyOutboxIsClaimedByAnIndexWalk() {
    backlogBehindStatisticsOfAnEmptyOutbox();
    List<Long> firstIds = ids("SELECT id FROM outbox_events ORDER BY id LIMIT " + LIMIT);

    assertClaimIsAnIndexWalk(
        1, claimed -> assertThat(claimed).extracting(ClaimedEvent::id).isEqualTo(firstIds));
  }

  @Test
  void aBurstAfterManyPublishedRowsIsClaimedWithOneIndexProbePerCandidate() {
    // Statistics say every row is PUBLISHED (the steady state of an outbox), then 5,000 products
    // get 10 versions each: only each product's version 1 is claimable.
    db.jdbi()
        .useHandle(
            h -> {
              insert(h, 200_000, 1, "PUBLISHED", false);
              h.execute("VACUUM ANALYZE outbox_events");
              insert(h, BACKLOG / 10, 10, "PENDING", true);
            });
    List<Long> firstIds =
        ids(
            "SELECT id FROM outbox_events WHERE status = 'PENDING' AND aggregate_version = 1"
                + " ORDER BY id LIMIT "
                + LIMIT);

    assertClaimIsAnIndexWalk(
        10,
        claimed -> {
          assertThat(claimed).extracting(ClaimedEvent::aggregateVersion).containsOnly(1L);
          assertThat(claimed).extracting(ClaimedEvent::id).isEqualTo(firstIds);
        });
  }

  /**
   * The mark of a claimed batch looks its rows up by primary key, in its custom and in its generic
   * plan, behind statistics of an empty outbox, and its check for held-back successors probes the
   * unpublished index. With a {@code status = 'PENDING'} guard the planner chose a whole scan of a
   * partial pending index, 24-217 ms per batch on this backlog.
   */
  @Test
  void theMarkOfABatchBehindStaleStatisticsIsAPrimaryKeyLookup() {
    backlogBehindStatisticsOfAnEmptyOutbox();
    List<Long> batch = ids("SELECT id FROM outbox_events ORDER BY id LIMIT " + LIMIT);
    String sql =
        OutboxPublishDao.MARK_PUBLISHED_SUCCESSORS_WAITING
            .replace(":ids", "$1")
            .replace(":aggregates", "$2");
    try (Handle h = db.jdbi().open()) {
      h.execute("PREPARE mark_plan_it(bigint[], uuid[]) AS " + sql);
      List<String> aggregates =
          h.createQuery("SELECT aggregate_id::text FROM outbox_events WHERE id = ANY(:ids)")
              .bind("ids", batch.toArray(Long[]::new))
              .mapTo(String.class)
              .list();
      String array =
          batch.stream().map(String::valueOf).collect(Collectors.joining(",", "'{", "}'"))
              + aggregates.stream().collect(Collectors.joining(",", ", '{", "}'"));
      for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
        String json =
            h.inTransaction(
                tx -> {
                  tx.execute("SET LOCAL plan_cache_mode = " + mode);
                  String plan =
                      tx.createQuery("EXPLAIN (FORMAT JSON) EXECUTE mark_plan_it(" + array + ")")
                          .mapTo(String.class)
                          .one();
                  tx.rollback();
                  return plan;
                });
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan(json), nodes);
        // An index scan or a bitmap of the primary key for the mark, a probe of the unpublished
        // index for the successors; never a partial index walked whole.
        assertThat(nodes)
            .as(mode + ": " + json)
            .extracting(n -> n.path("Node Type").asText())
            .doesNotContain("Seq Scan");
        assertThat(nodes)
            .as(mode + ": " + json)
            .filteredOn(n -> n.has("Index Name"))
            .extracting(n -> n.path("Index Name").asText())
            .containsOnly("outbox_events_pkey", "outbox_events_unpublished_idx");
        assertThat(nodes)
            .as(mode + ": " + json)
            .filteredOn(n -> n.has("Index Name"))
            .allSatisfy(
                n ->
                    assertThat(n.path("Index Cond").asText())
                        .containsAnyOf("id = ANY", "aggregate_id = p.aggregate_id"));
      }
    }
  }

  /**
   * The mark says whether a product it published has another unpublished event: yes while each
   * product's version 2 waits behind the version 1 being marked, no when version 2 itself is marked
   * (in the statement's own snapshot the rows it marks are still PENDING, and must not count).
   */
  @Test
  void theMarkSaysWhetherAPublishedProductStillHasAVersionWaiting() {
    db.jdbi().useHandle(h -> insert(h, 3, 2, "PENDING", false));

    assertThat(claimAndMark())
        .as("versions 1 claimed, versions 2 held back")
        .isEqualTo(Map.entry(3, true));
    assertThat(claimAndMark()).as("versions 2, the last ones").isEqualTo(Map.entry(3, false));
  }

  /** One batch as the publisher runs it: claim, mark; the rows claimed and the mark's answer. */
  private Map.Entry<Integer, Boolean> claimAndMark() {
    return db.jdbi()
        .inTransaction(
            tx -> {
              OutboxPublishDao dao = OutboxPublishDao.on(tx);
              List<ClaimedEvent> rows = dao.claim(ClaimWindow.allShards(LIMIT, Long.MAX_VALUE));
              boolean waiting =
                  dao.markPublished(
                      rows.stream().mapToLong(ClaimedEvent::id).toArray(),
                      rows.stream().map(ClaimedEvent::aggregateId).toArray(UUID[]::new));
              return Map.entry(rows.size(), waiting);
            });
  }

  /**
   * Runs the claim as the publisher does (one connection, one transaction per batch, the DAO's
   * claim), then explains the same SQL prepared with the same parameter types in a transaction
   * where the DAO has just claimed, i.e. with whatever settings the DAO uses.
   */
  @Test
  void aClaimFromTheLowWaterMarkSkipsWhatTheDrainAlreadyPublished() {
    db.jdbi().useHandle(h -> insert(h, BACKLOG, 1, "PENDING", true));
    long drained;
    long maxId;
    try (Handle h = db.jdbi().open()) {
      maxId = h.createQuery("SELECT max(id) FROM outbox_events").mapTo(Long.class).one();
      // A drain as the publisher does it: batch after batch marked PUBLISHED, each leaving dead
      // entries at the start of the pending index (autovacuum is off, as it lags in a burst).
      long lowWater = 0;
      for (int batch = 0; batch < 90; batch++) {
        long from = lowWater;
        List<ClaimedEvent> claimed =
            h.inTransaction(
                tx -> {
                  OutboxPublishDao dao = OutboxPublishDao.on(tx);
                  List<ClaimedEvent> rows =
                      dao.claim(ClaimWindow.allShards(LIMIT, Long.MAX_VALUE).from(from));
                  dao.markPublished(
                      rows.stream().mapToLong(ClaimedEvent::id).toArray(),
                      rows.stream().map(ClaimedEvent::aggregateId).toArray(UUID[]::new));
                  return rows;
                });
        assertThat(claimed).hasSize(LIMIT);
        assertThat(claimed.get(0).id()).isGreaterThanOrEqualTo(from);
        lowWater = claimed.get(claimed.size() - 1).id() + 1;
      }
      drained = lowWater;
    }
    long fromStart = claimBuffers(0, maxId);
    long fromLowWater = claimBuffers(drained, maxId);
    // From the start the walk visits the 45,000 rows the drain published (their index entries are
    // dead but still there, and each costs a heap visit); from the mark, one batch's worth.
    assertThat(fromLowWater).isLessThan(10L * LIMIT);
    assertThat(fromStart)
        .as("from 0: %d blocks, from the mark: %d", fromStart, fromLowWater)
        .isGreaterThan(3 * fromLowWater);
    // And nothing is lost below the mark: a walk from 0 still finds the rows above it.
    List<ClaimedEvent> fromZero =
        db.jdbi()
            .inTransaction(
                tx -> OutboxPublishDao.on(tx).claim(ClaimWindow.allShards(LIMIT, maxId)));
    assertThat(fromZero.get(0).id()).isEqualTo(drained);
  }

  /** Shared buffers one claim of LIMIT rows from {@code minId} reads (EXPLAIN ANALYZE, BUFFERS). */
  private long claimBuffers(long minId, long maxId) {
    String sql =
        OutboxPublishDao.CLAIM
            .replace(":shards", "1")
            .replace(":shard", "0")
            .replace(":limit", Integer.toString(LIMIT))
            .replace(":maxId", Long.toString(maxId))
            .replace(":minId", Long.toString(minId));
    String json =
        db.jdbi()
            .inTransaction(
                tx -> {
                  tx.execute("SET LOCAL enable_sort = off");
                  return tx.createQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                      .mapTo(String.class)
                      .one();
                });
    JsonNode plan = plan(json);
    return plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
  }

  private void assertClaimIsAnIndexWalk(
      int versionsPerProduct, Consumer<List<ClaimedEvent>> batch) {
    String sql =
        OutboxPublishDao.CLAIM
            .replace(":shards", "$2")
            .replace(":shard", "$1")
            .replace(":limit", "$3")
            .replace(":maxId", "$4")
            .replace(":minId", "$5");
    try (Handle h = db.jdbi().open()) {
      long maxId = h.createQuery("SELECT max(id) FROM outbox_events").mapTo(Long.class).one();
      String execute = "EXECUTE claim_plan_it(0, 1, " + LIMIT + ", " + maxId + ", 0)";
      h.execute("PREPARE claim_plan_it(int, int, int, bigint, bigint) AS " + sql);

      // Without ANALYZE first: the old claim's plans ran for seconds to minutes per batch.
      for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
        JsonNode plan = explain(h, maxId, "SET LOCAL plan_cache_mode = " + mode, "(FORMAT JSON)");
        assertIndexDriven(plan, mode);
      }

      for (int run = 0; run < RUNS_UNTIL_GENERIC_PLAN; run++) {
        List<ClaimedEvent> claimed =
            h.inTransaction(
                tx -> OutboxPublishDao.on(tx).claim(ClaimWindow.allShards(LIMIT, maxId)));
        assertThat(claimed).hasSize(LIMIT);
        batch.accept(claimed);
        h.inTransaction(tx -> tx.createQuery(execute).mapToMap().list());
      }

      JsonNode analyzed = explain(h, maxId, "SELECT 1", "(ANALYZE, BUFFERS, FORMAT JSON)");
      assertIndexDriven(analyzed, "cached plan");
      assertThat(analyzed.path("Actual Rows").asLong()).as("rows claimed").isEqualTo(LIMIT);
      long blocks =
          analyzed.path("Shared Hit Blocks").asLong()
              + analyzed.path("Shared Read Blocks").asLong();
      // One index entry, one heap row and one probe of the unpublished index per candidate row;
      // a held-back version is a candidate too. The old claim read 155,000 and 25,000,000 blocks.
      assertThat(blocks)
          .as("buffers of one claim, plan %s", analyzed.toPrettyString())
          .isLessThan(10L * LIMIT * versionsPerProduct);
    }
  }

  /** The plan of EXECUTE claim_plan_it in a transaction where the DAO has just claimed. */
  private static JsonNode explain(Handle h, long maxId, String setting, String options) {
    String json =
        h.inTransaction(
            tx -> {
              OutboxPublishDao.on(tx).claim(ClaimWindow.allShards(1, maxId));
              tx.execute(setting);
              return tx.createQuery(
                      "EXPLAIN "
                          + options
                          + " EXECUTE claim_plan_it(0, 1, "
                          + LIMIT
                          + ", "
                          + maxId
                          + ", 0)")
                  .mapTo(String.class)
                  .one();
            });
    return plan(json);
  }

  /** The top plan node of {@code EXPLAIN (FORMAT JSON)} output. */
  private static JsonNode plan(String json) {
    try {
      return JSON.readTree(json).get(0).get("Plan");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(json, e);
    }
  }

  /** 50,000 PENDING rows loaded right after statistics were taken on an empty outbox. */
  private void backlogBehindStatisticsOfAnEmptyOutbox() {
    db.jdbi()
        .useHandle(
            h -> {
              h.execute("ANALYZE outbox_events");
              insert(h, BACKLOG, 1, "PENDING", true);
            });
  }

  private static void assertIndexDriven(JsonNode plan, String which) {
    List<JsonNode> nodes = new ArrayList<>();
    collect(plan, nodes);
    String shown = which + ": " + plan.toPrettyString();
    assertThat(nodes)
        .as(shown)
        .extracting(n -> n.path("Node Type").asText())
        .doesNotContain(
            "Seq Scan",
            "Bitmap Heap Scan",
            "Sort",
            "Incremental Sort",
            "Hash Join",
            "Merge Join",
            "Materialize");
    List<JsonNode> scans =
        nodes.stream()
            .filter(n -> "outbox_events".equals(n.path("Relation Name").asText()))
            .toList();
    assertThat(scans).as(shown).isNotEmpty();
    // Every read of outbox_events is bounded by an index condition: the id walk by id <= maxId,
    // each ordering check by its product (never a whole-index scan per candidate row).
    assertThat(scans)
        .as(shown)
        .allSatisfy(
            n -> {
              assertThat(n.path("Node Type").asText()).isIn("Index Scan", "Index Only Scan");
              assertThat(n.path("Index Cond").asText()).isNotEmpty();
            });
    assertThat(scans.get(0).path("Index Name").asText())
        .as(shown)
        .isEqualTo("outbox_events_pending_id_idx");
    assertThat(scans.subList(1, scans.size()))
        .as(shown)
        .allSatisfy(n -> assertThat(n.path("Index Cond").asText()).contains("aggregate_id"));
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    into.add(node);
    for (JsonNode child : node.path("Plans")) {
      collect(child, into);
    }
  }

  private List<Long> ids(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).list());
  }

  /**
   * {@code products} products with {@code versions} events each, written as a busy outbox gets
   * them: 100 products at a time, each of their versions in turn.
   */
  private static void insert(
      Handle h, int products, int versions, String status, boolean fullPayload) {
    h.createUpdate(
            "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, aggregate_version,"
                + " event_type, topic, payload, headers, shard_key, status, published_at)"
                + " SELECT gen_random_uuid(), 'product', p.aid, v, 'product.updated', 'it.events',"
                + " CASE WHEN :full THEN jsonb_build_object('id', p.aid, 'version', v, 'title',"
                + " repeat('t', 80), 'description', repeat('d', 400)) ELSE '{}'::jsonb END,"
                + " '{}'::jsonb, (p.n % 1024)::smallint, :status,"
                + " CASE WHEN :status = 'PUBLISHED' THEN now() END"
                + " FROM (SELECT n, gen_random_uuid() AS aid FROM generate_series(1, :products) n)"
                + " p, generate_series(1, :versions) v ORDER BY p.n / 100, v, p.n")
        .bind("full", fullPayload)
        .bind("status", status)
        .bind("products", products)
        .bind("versions", versions)
        .execute();
  }
}
