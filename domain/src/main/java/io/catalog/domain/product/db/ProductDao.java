package io.catalog.domain.product.db;

import io.catalog.domain.outbox.OutboxDao;
import io.catalog.domain.outbox.OutboxEvent;
import io.catalog.domain.product.Product;
import io.catalog.domain.product.ProductDraft;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code products} table. Every write returns the row as committed, version included.
 *
 * <p>Plain Jdbi statements on the caller's handle rather than a SqlObject: attaching a SqlObject
 * builds an invoker for each of its methods on every handle, which with the per-request handle of a
 * create was a fifth of the API's CPU (docs/benchmarks.md). The SQL stays here, one home.
 */
public final class ProductDao {
  /** Columns of {@link Product}, in its order; every statement below returns exactly these. */
  /** The columns {@link #MAPPER} reads, in its order. */
  public static final String COLUMNS =
      "id, seller_id, title, price, currency, stock, version, created_at, updated_at, deleted_at,"
          + " category";

  /**
   * A new row and the outbox row that records it, in one statement: the outbox insert is a
   * data-modifying CTE, which Postgres runs to completion with the statement, so both rows commit
   * together even outside a transaction. One round trip where a transaction took three (BEGIN with
   * the first insert, the second insert, COMMIT; docs/benchmarks.md, W1). No RETURNING: the caller
   * built the row, so it already knows what was written.
   */
  private static final String INSERT_WITH_EVENT =
      "WITH recorded AS ("
          + OutboxDao.INSERT
          + ") INSERT INTO products (id, seller_id, title, price, currency, stock, version,"
          + " created_at, updated_at, category) VALUES (:id, :sellerId, :title, :price, :currency,"
          + " :stock, :version, :createdAt, :updatedAt, :category)";

  private static final String FIND = "SELECT " + COLUMNS + " FROM products WHERE id = :id";
  private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
  private static final String UPDATE =
      "UPDATE products SET seller_id = :sellerId, title = :title, price = :price,"
          + " currency = :currency, stock = :stock, category = :category, version = version + 1,"
          + " updated_at = now()"
          + " WHERE id = :id AND version = :expected AND deleted_at IS NULL RETURNING "
          + COLUMNS;
  private static final String ADJUST_STOCK =
      "UPDATE products SET stock = stock + :delta, version = version + 1, updated_at = now()"
          + " WHERE id = :id AND deleted_at IS NULL AND stock + :delta >= 0 RETURNING "
          + COLUMNS;
  private static final String SOFT_DELETE =
      "UPDATE products SET deleted_at = now(), updated_at = now(), version = version + 1"
          + " WHERE id = :id AND version = :expected AND deleted_at IS NULL RETURNING "
          + COLUMNS;
  private static final String FIRST_PAGE =
      "SELECT " + COLUMNS + " FROM products WHERE deleted_at IS NULL ORDER BY id LIMIT :limit";

  /**
   * Never {@code :after IS NULL OR id > :after}: once the driver prepares the statement, the
   * generic plan keeps the {@code OR} as a filter and walks the index from its first entry for
   * every page.
   */
  private static final String PAGE_AFTER =
      "SELECT "
          + COLUMNS
          + " FROM products WHERE deleted_at IS NULL AND id > :after ORDER BY id LIMIT :limit";

  /** Reads a {@link Product} by position from {@link #COLUMNS}. */
  public static final RowMapper<Product> MAPPER = new Rows();

  /**
   * {@link #MAPPER}'s class, for a SqlObject's {@code @RegisterRowMapper} over {@link #COLUMNS}: by
   * position, no reflection per row (Jdbi's constructor mapper was a tenth of a rebuild's load,
   * docs/benchmarks.md, W4).
   */
  public static final class Rows implements RowMapper<Product> {
    @Override
    public Product map(ResultSet rs, StatementContext ctx) throws SQLException {
      return ProductDao.map(rs, ctx);
    }
  }

  private final Handle h;

  private ProductDao(Handle h) {
    this.h = h;
  }

  /** The table on this handle, inside whatever transaction the handle is in. */
  public static ProductDao on(Handle h) {
    return new ProductDao(h);
  }

  /** Inserts {@code product} (a new one) and {@code event} (its outbox row) in one statement. */
  public void insert(Product product, OutboxEvent event) {
    int inserted =
        bind(OutboxDao.bind(h.createUpdate(INSERT_WITH_EVENT), event), product).execute();
    if (inserted != 1) {
      throw new IllegalStateException("inserted " + inserted + " rows for product " + product.id());
    }
  }

  /** Inserts a new product and its outbox row in one statement. */
  public void insert(NewRow row) {
    insert(row.product(), row.event());
  }

  /** A new product and its outbox row, as {@link #insert} writes them. */
  public record NewRow(Product product, OutboxEvent event) {}

  /**
   * Inserts new products with their outbox rows as one JDBC batch of {@link #insert}'s statement:
   * one round trip for all of them. Atomic only inside the caller's transaction.
   */
  public void insertAll(List<NewRow> rows) {
    PreparedBatch batch = h.prepareBatch(INSERT_WITH_EVENT);
    for (NewRow r : rows) {
      bind(OutboxDao.bind(batch, r.event()), r.product()).add();
    }
    int[] inserted = batch.execute();
    for (int i = 0; i < inserted.length; i++) {
      if (inserted[i] != 1) {
        throw new IllegalStateException(
            "inserted " + inserted[i] + " rows for product " + rows.get(i).product().id());
      }
    }
  }

  private static <S extends SqlStatement<S>> S bind(S statement, Product row) {
    return statement
        .bind("id", row.id())
        .bind("sellerId", row.sellerId())
        .bind("title", row.title())
        .bind("price", row.price())
        .bind("currency", row.currency())
        .bind("stock", row.stock())
        .bind("version", row.version())
        .bind("createdAt", row.createdAt())
        .bind("updatedAt", row.updatedAt())
        .bind("category", row.category());
  }

  public Optional<Product> find(UUID id) {
    return h.createQuery(FIND).bind("id", id).map(MAPPER).findOne();
  }

  public Optional<Product> findForUpdate(UUID id) {
    return h.createQuery(FIND_FOR_UPDATE).bind("id", id).map(MAPPER).findOne();
  }

  /** Optimistic update: empty when the row is missing, deleted or at another version. */
  public Optional<Product> update(UUID id, long expectedVersion, ProductDraft d) {
    return h.createQuery(UPDATE)
        .bind("id", id)
        .bind("expected", expectedVersion)
        .bindMethods(d)
        .map(MAPPER)
        .findOne();
  }

  public Optional<Product> adjustStock(UUID id, int delta) {
    return h.createQuery(ADJUST_STOCK).bind("id", id).bind("delta", delta).map(MAPPER).findOne();
  }

  public Optional<Product> softDelete(UUID id, long expectedVersion) {
    return h.createQuery(SOFT_DELETE)
        .bind("id", id)
        .bind("expected", expectedVersion)
        .map(MAPPER)
        .findOne();
  }

  /** Keyset page in id order (ids are time-ordered UUIDs, so this is also creation order). */
  public List<Product> page(UUID after, int limit) {
    var query =
        after == null ? h.createQuery(FIRST_PAGE) : h.createQuery(PAGE_AFTER).bind("after", after);
    return query.bind("limit", limit).map(MAPPER).list();
  }

  public long countLive() {
    return h.createQuery("SELECT count(*) FROM products WHERE deleted_at IS NULL")
        .mapTo(Long.class)
        .one();
  }

  private static Product map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Product(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getBigDecimal(4),
        rs.getString(5),
        rs.getInt(6),
        rs.getLong(7),
        rs.getObject(8, OffsetDateTime.class),
        rs.getObject(9, OffsetDateTime.class),
        rs.getObject(10, OffsetDateTime.class),
        rs.getString(11));
  }
}
