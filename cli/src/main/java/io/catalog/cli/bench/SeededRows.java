package io.catalog.cli.bench;

import io.catalog.search.projection.ProductDocument;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.UUID;

/** W4's seeded rows as documents, read with one server-side cursor: the raw load's input. */
final class SeededRows implements Iterator<ProductDocument>, AutoCloseable {
  private final Connection connection;
  private final ResultSet rows;
  private ProductDocument next;

  SeededRows(BenchTargets targets, String url) throws SQLException {
    connection =
        DriverManager.getConnection(
            url, targets.endpoints().dbUser(), targets.endpoints().dbPassword());
    connection.setAutoCommit(false);
    PreparedStatement query =
        connection.prepareStatement(
            "SELECT id, seller_id, title, price, currency, stock, version, created_at, updated_at,"
                + " deleted_at, category FROM products ORDER BY id");
    query.setFetchSize(5000);
    rows = query.executeQuery();
    advance();
  }

  private void advance() throws SQLException {
    next =
        rows.next()
            ? new ProductDocument(
                null,
                rows.getObject(1, UUID.class),
                rows.getLong(7),
                rows.getObject(2, UUID.class),
                rows.getString(3),
                rows.getBigDecimal(4),
                rows.getString(5).strip(),
                rows.getInt(6),
                rows.getTimestamp(8).toInstant(),
                rows.getTimestamp(9).toInstant(),
                rows.getTimestamp(10) != null,
                rows.getString(11))
            : null;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public ProductDocument next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    ProductDocument current = next;
    try {
      advance();
    } catch (SQLException e) {
      throw new IllegalStateException("reading products: " + e.getMessage(), e);
    }
    return current;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
