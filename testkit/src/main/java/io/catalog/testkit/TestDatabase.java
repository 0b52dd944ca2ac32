package io.catalog.testkit;

import io.catalog.domain.db.Database;
import io.catalog.localstack.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh, migrated database {@code it_<random>} on the shared test Postgres, dropped on close:
 * each test class owns its outbox table.
 */
public final class TestDatabase implements AutoCloseable {
  private final StackEndpoints endpoints;
  private final String name;
  private final String jdbcUrl;
  private final PooledConnections pool;
  private final Jdbi jdbi;

  private TestDatabase(StackEndpoints endpoints, String name) {
    this.endpoints = endpoints;
    this.name = name;
    this.jdbcUrl = endpoints.withDatabase(name).jdbcUrl();
    this.pool = new PooledConnections(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
    this.jdbi = Database.configure(Jdbi.create(pool));
  }

  public static TestDatabase create(StackEndpoints endpoints) {
    String name =
        "it_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    admin(endpoints, "CREATE DATABASE " + name);
    TestDatabase db = new TestDatabase(endpoints, name);
    Database.migrate(db.jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
    return db;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public long count(String where) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM outbox_events WHERE " + where)
                .mapTo(Long.class)
                .one());
  }

  private static void admin(StackEndpoints endpoints, String sql) {
    try (Connection c =
            DriverManager.getConnection(
                endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
    admin(endpoints, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
