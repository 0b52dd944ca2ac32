package io.catalog.workers.rebuild;

import io.catalog.domain.product.Product;
import io.catalog.domain.product.db.ProductDao;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What a rebuild reads from the system of record: every product, deleted ones included. */
@RegisterRowMapper(ProductDao.Rows.class)
@RegisterConstructorMapper(RebuildProductDao.EventState.class)
public interface RebuildProductDao {

  /**
   * One keyset page in id order after {@code after}, deleted rows included (they become {@code
   * deleted: true} documents). Never {@code :after IS NULL OR id > :after}: once the driver
   * prepares the statement, Postgres's generic plan keeps the {@code OR} as a filter and walks the
   * index from its first entry for every page ({@link #firstPage} starts instead).
   */
  @SqlQuery(
      "SELECT " + ProductDao.COLUMNS + " FROM products WHERE id > :after ORDER BY id LIMIT :limit")
  List<Product> pageAfter(@Bind("after") UUID after, @Bind("limit") int limit);

  /** The first keyset page in id order. */
  @SqlQuery("SELECT " + ProductDao.COLUMNS + " FROM products ORDER BY id LIMIT :limit")
  List<Product> firstPage(@Bind("limit") int limit);

  /** Every product in id order, streamed; call inside a transaction so the fetch size applies. */
  @SqlQuery("SELECT " + ProductDao.COLUMNS + " FROM products ORDER BY id")
  @FetchSize(2000)
  Stream<Product> streamAll();

  /** The rows of one id range in id order; {@code to} is never null (the all-f uuid at the end). */
  @SqlQuery(
      "SELECT "
          + ProductDao.COLUMNS
          + " FROM products WHERE id >= CAST(:from AS uuid) AND id < CAST(:to AS uuid)"
          + " ORDER BY id")
  @FetchSize(2000)
  Stream<Product> streamRange(@Bind("from") String from, @Bind("to") String to);

  /** The {@code offset}-th row of an id range, or none when the range holds fewer. */
  @SqlQuery(
      "SELECT "
          + ProductDao.COLUMNS
          + " FROM products WHERE id >= CAST(:from AS uuid) AND id < CAST(:to AS uuid)"
          + " ORDER BY id OFFSET :offset LIMIT 1")
  java.util.Optional<Product> nthInRange(
      @Bind("from") String from, @Bind("to") String to, @Bind("offset") long offset);

  @SqlQuery("SELECT count(*) FROM products")
  long countAll();

  @SqlQuery("SELECT count(*) FROM products WHERE deleted_at IS NULL")
  long countLive();

  /**
   * The database clock in epoch microseconds, the clock {@code outbox_events.published_at} uses.
   */
  @SqlQuery("SELECT CAST(extract(epoch FROM clock_timestamp()) * 1000000 AS bigint)")
  long clockMicros();

  /** Makes the enclosing transaction read-only; must be its first statement. */
  @SqlUpdate("SET TRANSACTION READ ONLY")
  void readOnly();

  /**
   * For each (product, version) whose document is behind its row: whether the event of that very
   * version was still on its way when {@code beforeMicros} passed (not PUBLISHED yet, or published
   * at or after it), and the newest version of the product published before it (which the index
   * must hold).
   */
  @SqlQuery(
      "SELECT l.id, l.version,"
          + " EXISTS (SELECT 1 FROM outbox_events o WHERE o.aggregate_id = l.id"
          + "   AND o.aggregate_version = l.version AND (o.status <> 'PUBLISHED'"
          + "   OR o.published_at >= timestamptz 'epoch' + :before * interval '1 microsecond'))"
          + "   AS on_its_way,"
          + " (SELECT coalesce(max(o.aggregate_version), 0) FROM outbox_events o"
          + "   WHERE o.aggregate_id = l.id AND o.status = 'PUBLISHED'"
          + "   AND o.published_at < timestamptz 'epoch' + :before * interval '1 microsecond')"
          + "   AS published_version"
          + " FROM unnest(CAST(:ids AS uuid[]), CAST(:versions AS bigint[])) AS l(id, version)")
  List<EventState> eventStates(
      @Bind("ids") UUID[] ids,
      @Bind("versions") long[] versions,
      @Bind("before") long beforeMicros);

  /**
   * @param onItsWay the row's newest event had not reached Kafka when the catch-up read its end
   * @param publishedVersion the newest version published before then (0 when none)
   */
  record EventState(UUID id, long version, boolean onItsWay, long publishedVersion) {}
}
