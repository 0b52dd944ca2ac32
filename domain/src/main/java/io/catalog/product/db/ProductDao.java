package io.catalog.product.db;

import io.catalog.product.Product;
import io.catalog.product.ProductDraft;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The {@code products} table. Every write returns the row as committed, version included. */
@RegisterConstructorMapper(Product.class)
public interface ProductDao {

  @SqlQuery(
      "INSERT INTO products (id, seller_id, title, price, currency, stock)"
          + " VALUES (:id, :d.sellerId, :d.title, :d.price, :d.currency, :d.stock) RETURNING *")
  Product insert(@Bind("id") UUID id, @BindMethods("d") ProductDraft draft);

  @SqlQuery("SELECT * FROM products WHERE id = :id")
  Optional<Product> find(@Bind("id") UUID id);

  @SqlQuery("SELECT * FROM products WHERE id = :id FOR UPDATE")
  Optional<Product> findForUpdate(@Bind("id") UUID id);

  /** Optimistic update: empty when the row is missing, deleted or at another version. */
  @SqlQuery(
      "UPDATE products SET seller_id = :d.sellerId, title = :d.title, price = :d.price,"
          + " currency = :d.currency, stock = :d.stock, version = version + 1, updated_at = now()"
          + " WHERE id = :id AND version = :expected AND deleted_at IS NULL RETURNING *")
  Optional<Product> update(
      @Bind("id") UUID id, @Bind("expected") long expectedVersion, @BindMethods("d") ProductDraft d);

  @SqlQuery(
      "UPDATE products SET stock = stock + :delta, version = version + 1, updated_at = now()"
          + " WHERE id = :id AND deleted_at IS NULL AND stock + :delta >= 0 RETURNING *")
  Optional<Product> adjustStock(@Bind("id") UUID id, @Bind("delta") int delta);

  @SqlQuery(
      "UPDATE products SET deleted_at = now(), updated_at = now(), version = version + 1"
          + " WHERE id = :id AND version = :expected AND deleted_at IS NULL RETURNING *")
  Optional<Product> softDelete(@Bind("id") UUID id, @Bind("expected") long expectedVersion);

  /** Keyset page in id order (ids are time-ordered UUIDs, so this is also creation order). */
  @SqlQuery(
      "SELECT * FROM products WHERE deleted_at IS NULL AND (CAST(:after AS uuid) IS NULL OR id > :after)"
          + " ORDER BY id LIMIT :limit")
  List<Product> page(@Bind("after") UUID after, @Bind("limit") int limit);

  @SqlQuery("SELECT count(*) FROM products WHERE deleted_at IS NULL")
  long countLive();
}
