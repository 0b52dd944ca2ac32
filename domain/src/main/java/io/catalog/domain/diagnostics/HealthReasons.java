package io.catalog.domain.diagnostics;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * What a {@code /health} endpoint says about a failed dependency: {@code timeout}, {@code
 * unreachable} or {@code error}. The exception's own text (host names, user names, SQL) goes to the
 * log only: whoever can reach a health port learns that a dependency is down, not how it is set up.
 * Used by the API's and the workers' health alike.
 *
 * <p>Kafka's and gRPC's exceptions are matched by class name, so this module needs neither client
 * library.
 */
public final class HealthReasons {
  public static final String TIMEOUT = "timeout";
  public static final String UNREACHABLE = "unreachable";
  public static final String ERROR = "error";

  private static final String KAFKA_TIMEOUT = "org.apache.kafka.common.errors.TimeoutException";
  private static final String GRPC_STATUS = "io.grpc.StatusRuntimeException";

  private HealthReasons() {}

  public static String of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String type = t.getClass().getName();
      if (type.equals(GRPC_STATUS) && t.getMessage() != null) {
        // "DEADLINE_EXCEEDED: …", "UNAVAILABLE: io exception": the status code comes first.
        if (t.getMessage().startsWith("DEADLINE_EXCEEDED")) {
          return TIMEOUT;
        }
        if (t.getMessage().startsWith("UNAVAILABLE")) {
          return UNREACHABLE;
        }
      }
      if (t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof TimeoutException
          || t instanceof SQLTimeoutException
          || type.equals(KAFKA_TIMEOUT)) {
        return TIMEOUT;
      }
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || (t instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08"))) {
        return UNREACHABLE;
      }
    }
    return ERROR;
  }
}
