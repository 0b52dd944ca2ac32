package io.catalog.workers.commands;

import io.catalog.workers.kafka.Decision;
import java.sql.SQLException;

/**
 * Sorts a failed command's database error: SQLSTATE class 22 (data exception, e.g. 22003 numeric
 * value out of range) and 23 (integrity constraint violation) come from the command itself and fail
 * the same way every time, so they are poison. Everything else (08 connection, 40001 serialization
 * failure, 40P01 deadlock, 57P01 admin shutdown, timeouts) may pass.
 */
final class SqlErrors {
  private SqlErrors() {}

  /** The poison reason when {@code e} is a data error, null when it may be transient. */
  static Decision.Poison dataError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
          return new Decision.Poison(
              sql.getClass().getName(), "SQLSTATE " + state + ": " + sql.getMessage());
        }
        return null;
      }
    }
    return null;
  }
}
