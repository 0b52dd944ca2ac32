package io.catalog.workers;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * What {@code /health} says about a failed dependency: {@code timeout}, {@code unreachable} or
 * {@code error}. The exception's own text (host names, user names, SQL) goes to the log only:
 * whoever can reach the ops port learns that a dependency is down, not how it is set up.
 */
final class HealthReasons {
  static final String TIMEOUT = "timeout";
  static final String UNREACHABLE = "unreachable";
  static final String ERROR = "error";

  private HealthReasons() {}

  static String of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        if (code == Status.Code.DEADLINE_EXCEEDED) {
          return TIMEOUT;
        }
        if (code == Status.Code.UNAVAILABLE) {
          return UNREACHABLE;
        }
      }
      if (t instanceof SocketTimeoutException
          || t instanceof TimeoutException
          || t instanceof SQLTimeoutException
          || t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return TIMEOUT;
      }
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
        return UNREACHABLE;
      }
    }
    return ERROR;
  }
}
