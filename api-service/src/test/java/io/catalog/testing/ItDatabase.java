package io.catalog.testing;

import io.catalog.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh database on the shared test Postgres for one test class: isolation by name. */
public final class ItDatabase {
  private ItDatabase() {}

  /** Creates {@code it_<random>} and returns its JDBC URL. */
  public static String create() {
    var endpoints = LocalStack.shared().endpoints();
    String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c =
            DriverManager.getConnection(
                endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return endpoints.jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + name + "$1");
  }
}
