package io.catalog.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Postgres with zonky's embedded binaries until SIGTERM, then stops it cleanly. Launched
 * detached by {@link PostgresServer}; not meant to be started by hand.
 *
 * <p>Arguments: {@code --port N --data-dir DIR --binaries-dir DIR --log FILE --durable true|false}.
 * The data directory is reused: zonky runs initdb only when it holds no {@code postgresql.conf},
 * and with {@code setCleanDataDirectory(false)} never deletes it.
 */
public final class PostgresServerMain {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServerMain.class);
  private static final String NAME = StackConfig.DATABASE;

  /**
   * WAL settings of the durable profiles, for a write-heavy outbox (docs/benchmarks.md,
   * "Checkpoints by the clock"). With the defaults (1 GB, 4 MB) a bench run forced a checkpoint
   * every 540 MB of WAL, back to back, and every page first touched after each one wrote a full
   * image into the WAL; backends also wrote WAL themselves whenever the 4 MB of buffers filled.
   * docker-compose.yml passes the same values (ComposeFileTest holds it to them).
   */
  public static final Map<String, String> DURABLE_WAL =
      Map.of("max_wal_size", "4GB", "wal_buffers", "16MB");

  private PostgresServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = parse(args);
    EmbeddedPostgres postgres;
    try {
      postgres = start(options);
    } catch (IOException | RuntimeException e) {
      LOG.error("postgres did not start", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "postgres-stopper"));
    try {
      createRoleAndDatabase(postgres);
      logSettings(postgres);
    } catch (SQLException e) {
      LOG.error("cannot prepare the {} role and database", NAME, e);
      System.exit(1);
    }
    LOG.info("postgres ready on port {}", postgres.getPort());
    // Park the main thread for good: the JVM ends through SIGTERM and the shutdown hook.
    new CountDownLatch(1).await();
  }

  private static EmbeddedPostgres start(Map<String, String> options) throws IOException {
    Path log = Path.of(required(options, "log"));
    ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPort(Integer.parseInt(required(options, "port")))
            .setDataDirectory(Path.of(required(options, "data-dir")))
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setOverrideWorkingDirectory(Path.of(required(options, "binaries-dir")).toFile())
            // Crash recovery after a kill can take longer than zonky's 10 s default.
            .setPGStartupWait(Duration.ofMinutes(3))
            .setServerConfig("listen_addresses", StackConfig.HOST)
            .setOutputRedirector(toLog)
            .setErrorRedirector(toLog);
    if (Boolean.parseBoolean(options.getOrDefault("durable", "false"))) {
      // zonky passes -F (fsync off) and synchronous_commit=off; a later -c wins over -F.
      builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
      DURABLE_WAL.forEach(builder::setServerConfig);
    }
    return builder.start();
  }

  private static void createRoleAndDatabase(EmbeddedPostgres postgres) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_roles where rolname = ?")) {
        statement.execute("create role " + NAME + " login createdb password '" + NAME + "'");
        LOG.info("created role {}", NAME);
      }
      // DROP DATABASE ... WITH (FORCE) ends every session on the database, autovacuum workers
      // included; on Postgres 17 a role that is not a superuser may only signal those with
      // pg_signal_backend. Granted on every start, so data directories made before this get it.
      statement.execute("grant pg_signal_backend to " + NAME);
      if (!exists(connection, "select 1 from pg_database where datname = ?")) {
        statement.execute("create database " + NAME + " owner " + NAME);
        LOG.info("created database {}", NAME);
      }
    }
  }

  private static boolean exists(Connection connection, String query) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, NAME);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void logSettings(EmbeddedPostgres postgres) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select current_setting('server_version'), current_setting('fsync'),"
                    + " current_setting('synchronous_commit'), current_setting('max_wal_size'),"
                    + " current_setting('wal_buffers')")) {
      rows.next();
      LOG.info(
          "postgres {}: fsync={}, synchronous_commit={}, max_wal_size={}, wal_buffers={}",
          rows.getString(1),
          rows.getString(2),
          rows.getString(3),
          rows.getString(4),
          rows.getString(5));
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    LOG.info("stopping postgres");
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.error("postgres did not stop cleanly", e);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }
}
