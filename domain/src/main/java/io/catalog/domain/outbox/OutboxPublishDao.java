package io.catalog.domain.outbox;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The publisher's side of {@code outbox_events}: claim a batch, then record what the broker said,
 * all on one handle inside one transaction (the claim's row locks are what make concurrent
 * publishers safe). The claim's SQL is in {@code OutboxPublishDao/claim.sql}.
 */
@RegisterConstructorMapper(ClaimedEvent.class)
@RegisterConstructorMapper(OutboxStats.class)
public interface OutboxPublishDao extends SqlObject {

  /**
   * Claims (locks until the transaction ends) the claimable rows of {@code window} in id order.
   * Must run inside a transaction: the row locks, and the planner setting below, last until it
   * ends.
   *
   * <p>Runs {@link #claimPlanSettings()} first, so the claim walks the pending index in id order
   * and stops after {@code window.limit()} rows however large the backlog and however stale the
   * statistics (see {@code claim.sql}).
   */
  default List<ClaimedEvent> claim(ClaimWindow window) {
    if (!getHandle().isInTransaction()) {
      throw new IllegalStateException(
          "claim outside a transaction: its row locks (and SET LOCAL) would end with the statement");
    }
    claimPlanSettings();
    return claimRows(window);
  }

  /**
   * {@code SET LOCAL enable_sort = off} for the rest of the transaction: with it the only sort-free
   * plans for the claim's {@code ORDER BY id} are id-ordered index walks, so a claim never sorts
   * the whole backlog. The rest of a publisher's transaction (UPDATEs by id) does not sort either.
   */
  @SqlUpdate("SET LOCAL enable_sort = off")
  void claimPlanSettings();

  /** The claim itself ({@code claim.sql}); use {@link #claim}, which sets the plan up first. */
  @SqlQuery("claim")
  @UseClasspathSqlLocator
  List<ClaimedEvent> claimRows(@BindMethods ClaimWindow window);

  /**
   * Marks rows of the current claim PUBLISHED. By id alone, with no {@code status = 'PENDING'}
   * guard: the claim's row locks already keep every claimed row PENDING until this transaction
   * ends, and with the guard the planner may answer {@code id = ANY} with a whole scan of a partial
   * index whose predicate the guard implies. It did, whenever the statistics predated a backlog
   * (they say the PENDING rows are few): 24-217 ms per mark of 500 rows on 50,000 pending, against
   * 0.3 ms for the primary key (docs/benchmarks.md, "The mark that scanned a partial index").
   */
  String MARK_PUBLISHED =
      "UPDATE outbox_events SET status = 'PUBLISHED', published_at = clock_timestamp()"
          + " WHERE id = ANY(:ids)";

  /** The same for a broker-side failure: the claimed rows stay PENDING with their last error. */
  String RECORD_RETRIABLE_FAILURE =
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
  String MARK_PUBLISHED_SUCCESSORS_WAITING =
      "WITH marked AS ("
          + MARK_PUBLISHED
          + ") SELECT EXISTS (SELECT 1 FROM unnest(CAST(:aggregates AS uuid[])) AS p(aggregate_id)"
          + " WHERE EXISTS (SELECT 1 FROM outbox_events e WHERE e.aggregate_id = p.aggregate_id"
          + " AND e.status <> 'PUBLISHED' AND e.id <> ALL(:ids) OFFSET 0))";

  /**
   * Only for rows this transaction claimed (see {@link #MARK_PUBLISHED}).
   *
   * @param ids the rows to mark PUBLISHED
   * @param aggregates their products
   * @return whether one of those products has another unpublished event
   */
  @SqlQuery(MARK_PUBLISHED_SUCCESSORS_WAITING)
  boolean markPublished(@Bind("ids") long[] ids, @Bind("aggregates") UUID[] aggregates);

  /**
   * A broker-side, retriable failure (timeout, disconnect, not enough replicas): the rows stay
   * PENDING with their attempts untouched, so an outage never turns events into FAILED ones.
   */
  @SqlUpdate(RECORD_RETRIABLE_FAILURE)
  int recordRetriableFailure(@Bind("ids") long[] ids, @Bind("error") String error);

  /**
   * A failure of this very row (too large, not serialisable, not authorised): one attempt more,
   * retried after the policy's exponential backoff, and FAILED once its {@code maxAttempts} is
   * reached.
   *
   * @return the row's status afterwards
   */
  @SqlQuery(
      "UPDATE outbox_events SET attempts = attempts + 1, last_error = :error, status = CASE WHEN"
          + " attempts + 1 >= :maxAttempts THEN 'FAILED' ELSE 'PENDING' END, next_attempt_at ="
          + " clock_timestamp()   + make_interval(secs => least(:maxBackoffSeconds,"
          + " :baseBackoffSeconds * power(2, attempts))) WHERE id = :id RETURNING status")
  OutboxStatus recordAttemptFailure(
      @Bind("id") long id, @Bind("error") String error, @BindMethods RetryPolicy policy);

  @SqlQuery(
      "SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending, coalesce(extract(epoch FROM"
          + " clock_timestamp()   - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::float8"
          + " AS oldest_pending_age_seconds, count(*) FILTER (WHERE status = 'FAILED') AS failed"
          + " FROM outbox_events WHERE status <> 'PUBLISHED' AND shard_key % :shards = :shard")
  OutboxStats stats(@Bind("shard") int shard, @Bind("shards") int shards);

  /** Highest id now; a one-shot run publishes up to here and stops, however fast rows arrive. */
  @SqlQuery("SELECT coalesce(max(id), 0) FROM outbox_events")
  long maxId();

  /** Retention: deletes at most {@code limit} PUBLISHED rows published before the cutoff. */
  @SqlUpdate(
      "DELETE FROM outbox_events WHERE id IN (SELECT id FROM outbox_events WHERE status ="
          + " 'PUBLISHED' AND published_at < CAST(:cutoff AS timestamptz) LIMIT :limit)")
  int deletePublishedBefore(@Bind("cutoff") String cutoffIso, @Bind("limit") int limit);
}
