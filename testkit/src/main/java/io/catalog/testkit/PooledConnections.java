package io.catalog.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * A minimal connection pool for test writers: opening a Postgres connection costs a SCRAM handshake
 * (~10 ms of CPU), which would otherwise dominate a write-heavy test.
 */
final class PooledConnections implements ConnectionFactory, AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();

  PooledConnections(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public Connection openConnection() throws SQLException {
    Connection c = idle.poll();
    return c != null && c.isValid(1) ? c : DriverManager.getConnection(url, user, password);
  }

  @Override
  public void closeConnection(Connection connection) throws SQLException {
    if (connection.isClosed()) {
      return;
    }
    if (!connection.getAutoCommit()) {
      connection.rollback();
      connection.setAutoCommit(true);
    }
    idle.add(connection);
  }

  @Override
  public void close() {
    for (Connection c; (c = idle.poll()) != null; ) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }
}
