package io.catalog.testkit;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh database {@code it_<random>} on the shared test Postgres: isolation by name. {@link
 * #create} migrates it and {@link #close()} drops it (each test class owns its outbox table);
 * {@link #createUntilExit} leaves it empty for an application under test to migrate and drops it
 * when the JVM exits (the shared Postgres outlives the JVM, the application may hold sessions to
 * the end).
 */
public final class TestDatabase implements AutoCloseable {
  /** The databases {@link #createUntilExit} made in this JVM, with the server each is on. */
  private static final Map<String, Endpoints> UNTIL_EXIT = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TestDatabase::dropUntilExit, "test-database-drop"));
  }

  private final Endpoints endpoints;
  private final String name;
  private final String jdbcUrl;
  private final PooledConnections pool;
  private final Jdbi jdbi;

  private TestDatabase(Endpoints endpoints, String name) {
    this.endpoints = endpoints;
    this.name = name;
    this.jdbcUrl = endpoints.withDatabase(name).dbUrl();
    this.pool = new PooledConnections(jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
    this.jdbi = Database.configure(Jdbi.create(pool));
  }

  public static TestDatabase create(Endpoints endpoints) {
    String name = newName();
    admin(endpoints, "CREATE DATABASE " + name);
    TestDatabase db = new TestDatabase(endpoints, name);
    Database.migrate(db.jdbcUrl, endpoints.dbUser(), endpoints.dbPassword());
    return db;
  }

  /** Creates an empty {@code it_<random>}, dropped when the JVM exits, and returns its JDBC URL. */
  public static String createUntilExit(Endpoints endpoints) {
    String name = newName();
    admin(endpoints, "CREATE DATABASE " + name);
    UNTIL_EXIT.put(name, endpoints);
    return endpoints.withDatabase(name).dbUrl();
  }

  private static String newName() {
    return "it_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  /**
   * Drops what {@link #createUntilExit} made. {@code FORCE} ends the sessions an application under
   * test may still hold; a failure is reported and the others are still dropped.
   */
  private static void dropUntilExit() {
    UNTIL_EXIT.forEach(
        (name, endpoints) -> {
          try {
            admin(endpoints, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          } catch (RuntimeException e) {
            System.err.println("cannot drop test database " + name + ": " + e.getMessage());
          }
        });
  }

  /** {@code it_<random>}: the database's name. */
  public String name() {
    return name;
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

  private static void admin(Endpoints endpoints, String sql) {
    try (Connection c =
            DriverManager.getConnection(
                endpoints.dbUrl(), endpoints.dbUser(), endpoints.dbPassword());
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
