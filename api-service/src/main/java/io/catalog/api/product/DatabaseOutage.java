package io.catalog.api.product;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;

/**
 * Tells a database that cannot be reached (stopped, killed, restarting) from a bug: the first is
 * the client's cue to retry later (503), the second is ours (500).
 */
final class DatabaseOutage {
  /** admin_shutdown, crash_shutdown, cannot_connect_now: a server going down or coming back. */
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

  /** SQLSTATE class 08: connection exception (refused, broken, lost mid-statement). */
  private static final String CONNECTION_CLASS = "08";

  private DatabaseOutage() {}

  /** Whether {@code failure} or one of its causes says the database is unreachable. */
  static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith(CONNECTION_CLASS)
              || SHUTDOWN_STATES.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
