package io.catalog.domain.product;

import io.catalog.domain.db.Database;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.postgresql.PGConnection;

/**
 * A JDBC connection that answers from a script instead of a database: every statement Jdbi runs is
 * recorded with its SQL and its named parameters, and the script says which rows a query returns.
 * The domain module has no in-memory database that speaks this SQL (RETURNING, jsonb, FOR UPDATE),
 * and its DAOs are final classes over a Jdbi handle, so this is the seam below them.
 */
final class ScriptedJdbc {

  /**
   * One executed statement: the SQL as the DAO wrote it, its parameters by name, and whether the
   * connection was in auto-commit (the statement its own transaction) when it ran.
   */
  record Executed(String sql, Map<String, Object> params, boolean autoCommit) {
    Object param(String name) {
      if (!params.containsKey(name)) {
        throw new AssertionError("no parameter " + name + " in " + sql + " " + params);
      }
      return params.get(name);
    }
  }

  private final Function<Executed, List<Object[]>> script;
  private final List<Executed> executed = Collections.synchronizedList(new ArrayList<>());
  private final Jdbi jdbi;
  private List<String> pendingNames = List.of();
  private String pendingSql;
  private int commits;
  private int rollbacks;

  /**
   * @param script rows (each in the statement's column order) for a query, null for a statement
   *     that returns none (it then reports one row changed)
   */
  ScriptedJdbc(Function<Executed, List<Object[]>> script) {
    this.script = script;
    this.jdbi = Database.configure(Jdbi.create(this::connection));
    jdbi.setSqlLogger(
        new SqlLogger() {
          @Override
          public void logBeforeExecution(StatementContext ctx) {
            pendingSql = ctx.getRawSql();
            pendingNames = ctx.getParsedSql().getParameters().getParameterNames();
          }
        });
  }

  Jdbi jdbi() {
    return jdbi;
  }

  List<Executed> executed() {
    return List.copyOf(executed);
  }

  /** The executed statements whose SQL starts with {@code prefix}. */
  List<Executed> executed(String prefix) {
    return executed().stream().filter(e -> e.sql().startsWith(prefix)).toList();
  }

  int commits() {
    return commits;
  }

  int rollbacks() {
    return rollbacks;
  }

  private Connection connection() {
    boolean[] state = {true, false}; // auto-commit, closed
    Connection[] self = new Connection[1];
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "prepareStatement":
              return statement((String) args[0], self[0]);
            case "getAutoCommit":
              return state[0];
            case "setAutoCommit":
              state[0] = (Boolean) args[0];
              return null;
            case "commit":
              commits++;
              return null;
            case "rollback":
              if (args == null) {
                rollbacks++;
              }
              return null;
            case "close":
              state[1] = true;
              return null;
            case "isClosed":
              return state[1];
            case "getTransactionIsolation":
              return Connection.TRANSACTION_READ_COMMITTED;
            case "unwrap":
              // The PostgresPlugin asks for the driver's own connection when a handle opens.
              if (((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
              }
              throw new SQLFeatureNotSupportedException("scripted connection");
            default:
              return fallback(proxy, method.getName(), method.getReturnType(), args);
          }
        };
    self[0] =
        (Connection)
            Proxy.newProxyInstance(
                ScriptedJdbc.class.getClassLoader(),
                new Class<?>[] {Connection.class, PGConnection.class},
                handler);
    return self[0];
  }

  private PreparedStatement statement(String jdbcSql, Connection connection) {
    Map<Integer, Object> positional = new HashMap<>();
    ResultSet[] result = new ResultSet[1];
    boolean[] closed = {false};
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.startsWith("set")
              && args != null
              && args.length >= 2
              && args[0] instanceof Integer index) {
            positional.put(index, name.equals("setNull") ? null : args[1]);
            return null;
          }
          switch (name) {
            case "execute":
            case "executeQuery":
            case "executeUpdate":
              Map<String, Object> params = new LinkedHashMap<>();
              for (int i = 0; i < pendingNames.size(); i++) {
                params.put(pendingNames.get(i), positional.get(i + 1));
              }
              Executed e =
                  new Executed(
                      Optional.ofNullable(pendingSql).orElse(jdbcSql),
                      params,
                      connection.getAutoCommit());
              executed.add(e);
              List<Object[]> rows = script.apply(e);
              result[0] = rows == null ? null : resultSet(rows);
              if (name.equals("executeUpdate")) {
                return 1;
              }
              return name.equals("executeQuery") ? result[0] : rows != null;
            case "getResultSet":
              return result[0];
            case "getUpdateCount":
              return result[0] == null ? 1 : -1;
            case "getLargeUpdateCount":
              return result[0] == null ? 1L : -1L;
            case "getConnection":
              return connection;
            case "close":
              closed[0] = true;
              return null;
            case "isClosed":
              return closed[0];
            default:
              return fallback(proxy, name, method.getReturnType(), args);
          }
        };
    return proxy(PreparedStatement.class, handler);
  }

  private static ResultSet resultSet(List<Object[]> rows) {
    int[] at = {-1};
    Object[] last = {null};
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.startsWith("get")
              && args != null
              && args.length >= 1
              && args[0] instanceof Integer column
              && !name.equals("getMetaData")) {
            Object value = rows.get(at[0])[column - 1];
            last[0] = value;
            if (value == null) {
              return defaultFor(method.getReturnType());
            }
            return value;
          }
          switch (name) {
            case "next":
              at[0]++;
              return at[0] < rows.size();
            case "wasNull":
              return last[0] == null;
            default:
              return fallback(proxy, name, method.getReturnType(), args);
          }
        };
    return proxy(ResultSet.class, handler);
  }

  private static Object fallback(Object proxy, String name, Class<?> returnType, Object[] args) {
    switch (name) {
      case "toString":
        return "scripted " + proxy.getClass().getInterfaces()[0].getSimpleName();
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      case "isWrapperFor":
        return false;
      default:
        return defaultFor(returnType);
    }
  }

  private static Object defaultFor(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == double.class) {
      return 0d;
    }
    if (type == float.class) {
      return 0f;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(ScriptedJdbc.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
