package io.catalog.domain.db;

import java.sql.SQLException;

/**
 * Reads a failure's SQLSTATE. The first {@link SQLException} in the chain of causes that carries a
 * state decides; an exception wrapped around it (Jdbi's, a JDBC batch's) adds nothing to it.
 */
public final class SqlStates {
  private SqlStates() {}

  /**
   * The failure's database error when it is the statement's own fault: SQLSTATE class 22 (data
   * exception, e.g. 22003 numeric value out of range) or 23 (integrity constraint violation). Such
   * an error fails the same way every time. Null for anything else: 08 connection, 40001
   * serialization failure, 40P01 deadlock, 57P01 admin shutdown, a timeout or no SQL at all, which
   * may pass when tried again.
   */
  public static SQLException dataError(Throwable failure) {
    SQLException first = first(failure);
    if (first == null) {
      return null;
    }
    String state = first.getSQLState();
    return state.startsWith("22") || state.startsWith("23") ? first : null;
  }

  /** The first exception in {@code failure}'s causes that carries a SQLSTATE, or null. */
  public static SQLException first(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql;
      }
    }
    return null;
  }
}
