package io.catalog.workers.reconcile;

import io.catalog.domain.product.Product;
import io.catalog.domain.product.db.ProductDao;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.mapper.Nested;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the reconciliation reads from the system of record; it never writes there. */
@RegisterRowMapper(ProductDao.Rows.class)
@RegisterConstructorMapper(Fingerprint.class)
@RegisterConstructorMapper(ReconcileDao.BucketPrint.class)
interface ReconcileDao {

  @SqlQuery("SELECT count(*) FROM products")
  long countAll();

  /**
   * Every {@code size}-th id in id order: the lower bounds of buckets of {@code size} products
   * (after the first, which starts at the lowest uuid). One pass over the primary key's index.
   */
  @SqlQuery(
      "SELECT CAST(id AS text) FROM (SELECT id, row_number() OVER (ORDER BY id) AS n"
          + " FROM products) t WHERE n % :size = 0 ORDER BY id")
  List<String> everyNth(@Bind("size") long size);

  /**
   * The fingerprint of every non-empty bucket {@code k}: ids from {@code lows[k]} up to {@code
   * highs[k]}. One index range scan per bucket: both bounds must be given ({@link
   * BucketComparison#TOP} for "to the end"), because {@code hi IS NULL OR id < hi} makes Postgres
   * scan from {@code lo} to the end of the index for every bucket (2 s instead of 0.1 s per slice
   * of 62,000 rows).
   */
  @SqlQuery(
      "SELECT CAST(b.k AS int) - 1 AS bucket, count(*) AS docs,"
          + " count(*) FILTER (WHERE p.deleted_at IS NULL) AS live,"
          + " sum(p.version) AS versions, sum(p.version) AS external_versions,"
          + " sum(p.stock) AS stock, CAST(sum(p.price) AS float8) AS price,"
          + " CAST(sum(floor(extract(epoch FROM p.updated_at) * 1000)) AS float8)"
          + "   AS updated_millis,"
          + " CAST(sum(floor(extract(epoch FROM p.created_at) * 1000)) AS float8)"
          + "   AS created_millis"
          + " FROM unnest(CAST(:lows AS uuid[]), CAST(:highs AS uuid[])) WITH ORDINALITY"
          + "   AS b(lo, hi, k)"
          + " JOIN products p ON p.id >= b.lo AND p.id < b.hi"
          + " GROUP BY b.k")
  List<BucketPrint> fingerprints(@Bind("lows") String[] lows, @Bind("highs") String[] highs);

  /**
   * The rows of one id range in id order, deleted ones included ({@code to}: {@link
   * BucketComparison#TOP} at the end).
   */
  @SqlQuery(
      "SELECT "
          + ProductDao.COLUMNS
          + " FROM products WHERE id >= CAST(:from AS uuid) AND id < CAST(:to AS uuid)"
          + " ORDER BY id")
  @FetchSize(1000)
  Stream<Product> range(@Bind("from") String from, @Bind("to") String to);

  @SqlQuery("SELECT " + ProductDao.COLUMNS + " FROM products WHERE id = ANY(CAST(:ids AS uuid[]))")
  List<Product> byIds(@Bind("ids") UUID[] ids);

  /**
   * Of {@code ids}, the products a change of which may still be on its way to the index: an event
   * still PENDING in the outbox, or published less than {@code graceSeconds} ago (database clock).
   * A row written in the last {@code graceSeconds} counts too, whatever its outbox says.
   */
  @SqlQuery(
      "SELECT p.id FROM products p WHERE p.id = ANY(CAST(:ids AS uuid[])) AND ("
          + " p.updated_at > clock_timestamp() - :grace * interval '1 second'"
          + " OR EXISTS (SELECT 1 FROM outbox_events o WHERE o.aggregate_id = p.id"
          + "   AND (o.status = 'PENDING'"
          + "     OR o.published_at > clock_timestamp() - :grace * interval '1 second')))")
  List<UUID> unsettled(@Bind("ids") UUID[] ids, @Bind("grace") int graceSeconds);

  /** One bucket's fingerprint, its columns read into the {@link Fingerprint} as they are named. */
  record BucketPrint(int bucket, @Nested Fingerprint fingerprint) {}
}
