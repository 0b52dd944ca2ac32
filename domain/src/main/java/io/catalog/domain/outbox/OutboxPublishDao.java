package io.catalog.domain.outbox;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The publisher's side of {@code outbox_events}: claim a batch, then record what the broker said,
 * all on one handle inside one transaction (the claim's row locks are what make concurrent
 * publishers safe). The claim's SQL is in {@code OutboxPublishDao/claim.sql}.
 *
 * <p>Plain statements on the caller's handle, like {@code ProductDao}: as a SqlObject, attached
 * once per batch, building the proxy and its method handlers was a tenth of the workers' CPU at
 * 1,000 writes a second, and Jdbi's machinery around the statements another fifth
 * (docs/benchmarks.md, issue #15).
 */
public final class OutboxPublishDao {
  /** {@code claim.sql} without its comments, read once. */
  public static final String CLAIM =
      ClasspathSqlLocator.removingComments().locate(OutboxPublishDao.class, "claim");

  private static final String CLAIM_PLAN_SETTINGS = "SET LOCAL enable_sort = off";

  /**
   * Marks rows of the current claim PUBLISHED. By id alone, with no {@code status = 'PENDING'}
   * guard: the claim's row locks already keep every claimed row PENDING until this transaction
   * ends, and with the guard the planner may answer {@code id = ANY} with a whole scan of a partial
   * index whose predicate the guard implies. It did, whenever the statistics predated a backlog
   * (they say the PENDING rows are few): 24-217 ms per mark of 500 rows on 50,000 pending, against
   * 0.3 ms for the primary key (docs/benchmarks.md, "The mark that scanned a partial index").
   */
  public static final String MARK_PUBLISHED =
      "UPDATE outbox_events SET status = 'PUBLISHED', published_at = clock_timestamp()"
          + " WHERE id = ANY(:ids)";

  /** The same for a broker-side failure: the claimed rows stay PENDING with their last error. */
  public static final String RECORD_RETRIABLE_FAILURE =
      "UPDATE outbox_events SET last_error = :error WHERE id = ANY(:ids)";

  /**
   * {@link #MARK_PUBLISHED}, and in the same round trip whether one of the products it published
   * still has an unpublished event. Such an event was held back by its predecessor while that was
   * in flight (claim.sql) and was committed before the claim, so no wake-up of its own is coming:
   * the publisher must claim again now, not at its idle poll. The probe reads the statement's
   * snapshot, taken before its own UPDATE, so it leaves out the rows being marked by id. It probes
   * {@code outbox_events_unpublished_idx}, whose predicate it repeats, once per product: the {@code
   * OFFSET 0} fence keeps each probe a correlated subplan, as in claim.sql. Asked of all the
   * products at once, the generic plan behind the statistics of an empty outbox was a scan of the
   * whole table (OutboxClaimPlanIT). One statement where there were two: one round trip less per
   * batch (docs/benchmarks.md, "Checkpoints by the clock").
   */
  public static final String MARK_PUBLISHED_SUCCESSORS_WAITING =
      "WITH marked AS ("
          + MARK_PUBLISHED
          + ") SELECT EXISTS (SELECT 1 FROM unnest(CAST(:aggregates AS uuid[])) AS p(aggregate_id)"
          + " WHERE EXISTS (SELECT 1 FROM outbox_events e WHERE e.aggregate_id = p.aggregate_id"
          + " AND e.status <> 'PUBLISHED' AND e.id <> ALL(:ids) OFFSET 0))";

  private static final String RECORD_ATTEMPT_FAILURE =
      "UPDATE outbox_events SET attempts = attempts + 1, last_error = :error, status = CASE WHEN"
          + " attempts + 1 >= :maxAttempts THEN 'FAILED' ELSE 'PENDING' END, next_attempt_at ="
          + " clock_timestamp()   + make_interval(secs => least(:maxBackoffSeconds,"
          + " :baseBackoffSeconds * power(2, attempts))) WHERE id = :id RETURNING status";

  private static final String STATS =
      "SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending, coalesce(extract(epoch FROM"
          + " clock_timestamp()   - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::float8"
          + " AS oldest_pending_age_seconds, count(*) FILTER (WHERE status = 'FAILED') AS failed"
          + " FROM outbox_events WHERE status <> 'PUBLISHED' AND shard_key % :shards = :shard";

  private static final String DELETE_PUBLISHED_BEFORE =
      "DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events WHERE status ="
          + " 'PUBLISHED' AND published_at < CAST(:cutoff AS timestamptz) LIMIT :limit)";

  private static final ClaimedEvent.Rows CLAIMED = new ClaimedEvent.Rows();

  private final Handle h;

  private OutboxPublishDao(Handle h) {
    this.h = h;
  }

  /** The publisher's statements on {@code h}, inside whatever transaction it is in. */
  public static OutboxPublishDao on(Handle h) {
    return new OutboxPublishDao(h);
  }

  /**
   * Claims (locks until the transaction ends) the claimable rows of {@code window} in id order.
   * Must run inside a transaction: the row locks, and the planner setting below, last until it
   * ends.
   *
   * <p>Runs {@code SET LOCAL enable_sort = off} first: with it the only sort-free plans for the
   * claim's {@code ORDER BY id} are id-ordered index walks, so a claim never sorts the whole
   * backlog, and it stops after {@code window.limit()} rows however large the backlog and however
   * stale the statistics (see {@code claim.sql}). The rest of a publisher's transaction (UPDATEs by
   * id) does not sort either.
   */
  public List<ClaimedEvent> claim(ClaimWindow window) {
    if (!h.isInTransaction()) {
      throw new IllegalStateException(
          "claim outside a transaction: its row locks (and SET LOCAL) would end with the statement");
    }
    h.execute(CLAIM_PLAN_SETTINGS);
    return h.createQuery(CLAIM)
        .bind("shard", window.shard())
        .bind("shards", window.shards())
        .bind("limit", window.limit())
        .bind("minId", window.minId())
        .bind("maxId", window.maxId())
        .map(CLAIMED)
        .list();
  }

  /**
   * Only for rows this transaction claimed (see {@link #MARK_PUBLISHED}).
   *
   * @param ids the rows to mark PUBLISHED
   * @param aggregates their products
   * @return whether one of those products has another unpublished event
   */
  public boolean markPublished(long[] ids, UUID[] aggregates) {
    return h.createQuery(MARK_PUBLISHED_SUCCESSORS_WAITING)
        .bind("ids", ids)
        .bind("aggregates", aggregates)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * A broker-side, retriable failure (timeout, disconnect, not enough replicas): the rows stay
   * PENDING with their attempts untouched, so an outage never turns events into FAILED ones.
   */
  public int recordRetriableFailure(long[] ids, String error) {
    return h.createUpdate(RECORD_RETRIABLE_FAILURE).bind("ids", ids).bind("error", error).execute();
  }

  /**
   * A failure of this very row (too large, not serialisable, not authorised): one attempt more,
   * retried after the policy's exponential backoff, and FAILED once its {@code maxAttempts} is
   * reached.
   *
   * @return the row's status afterwards
   */
  public OutboxStatus recordAttemptFailure(long id, String error, RetryPolicy policy) {
    return h.createQuery(RECORD_ATTEMPT_FAILURE)
        .bind("id", id)
        .bind("error", error)
        .bind("maxAttempts", policy.maxAttempts())
        .bind("baseBackoffSeconds", policy.baseBackoffSeconds())
        .bind("maxBackoffSeconds", policy.maxBackoffSeconds())
        .mapTo(OutboxStatus.class)
        .one();
  }

  public OutboxStats stats(int shard, int shards) {
    return h.createQuery(STATS)
        .bind("shard", shard)
        .bind("shards", shards)
        .map(
            (rs, ctx) ->
                new OutboxStats(
                    rs.getLong("pending"),
                    rs.getDouble("oldest_pending_age_seconds"),
                    rs.getLong("failed")))
        .one();
  }

  /** Highest id now; a one-shot run publishes up to here and stops, however fast rows arrive. */
  public long maxId() {
    return h.createQuery("SELECT coalesce(max(id), 0) FROM outbox_events").mapTo(Long.class).one();
  }

  /** Retention: deletes at most {@code limit} PUBLISHED rows published before the cutoff. */
  public int deletePublishedBefore(String cutoffIso, int limit) {
    return h.createUpdate(DELETE_PUBLISHED_BEFORE)
        .bind("cutoff", cutoffIso)
        .bind("limit", limit)
        .execute();
  }
}
