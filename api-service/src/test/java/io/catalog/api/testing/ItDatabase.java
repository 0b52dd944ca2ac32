package io.catalog.api.testing;

import io.catalog.localstack.LocalStack;
import io.catalog.localstack.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fresh database on the shared test Postgres for one test class: isolation by name. Every
 * database made here is dropped when the JVM exits (the shared Postgres outlives it).
 */
public final class ItDatabase {
  /** The databases {@link #create} made in this JVM, with the server each is on. */
  private static final Map<String, StackEndpoints> CREATED = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ItDatabase::dropCreated, "it-database-drop"));
  }

  private ItDatabase() {}

  /** Creates {@code it_<random>} and returns its JDBC URL. */
  public static String create() {
    var endpoints = LocalStack.shared().endpoints();
    String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin(endpoints, "CREATE DATABASE " + name);
    CREATED.put(name, endpoints);
    return endpoints.jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + name + "$1");
  }

  /**
   * Drops what {@link #create} made. {@code FORCE} ends the sessions an application under test may
   * still hold; a failure is reported and the others are still dropped.
   */
  private static void dropCreated() {
    CREATED.forEach(
        (name, endpoints) -> {
          try {
            admin(endpoints, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          } catch (RuntimeException e) {
            System.err.println("cannot drop test database " + name + ": " + e.getMessage());
          }
        });
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
}
