package io.catalog.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal server's two databases on the stack's Postgres, as Temporal's own setup does it: a
 * {@code temporal} role owning {@code temporal} and {@code temporal_visibility}, each given the
 * schema's version table once ({@code setup-schema -v 0.0}) and then every versioned migration it
 * lacks ({@code update-schema}, a no-op once current, so a newer server upgrades its schema).
 */
final class TemporalDatabases {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalDatabases.class);
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);
  private static final String ROLE = TemporalServerConfig.DATABASE;

  /** Database name to the folder of its schema in the server module. */
  private static final Map<String, String> SCHEMAS =
      Map.of(
          TemporalServerConfig.DATABASE, "temporal",
          TemporalServerConfig.VISIBILITY_DATABASE, "visibility");

  private final StackConfig config;
  private final TemporalServerTools tools;

  TemporalDatabases(StackConfig config, TemporalServerTools tools) {
    this.config = config;
    this.tools = tools;
  }

  /** Creates what is missing and migrates both schemas; Postgres must be up. */
  void prepare() {
    try {
      createRoleAndDatabases();
      for (String database :
          List.of(TemporalServerConfig.DATABASE, TemporalServerConfig.VISIBILITY_DATABASE)) {
        if (!hasVersionTable(database)) {
          sqlTool(database, "setup-schema", "-v", "0.0");
        }
        sqlTool(
            database,
            "update-schema",
            "-d",
            tools.versionedSchema(SCHEMAS.get(database)).toString());
      }
    } catch (SQLException e) {
      throw new LocalStackException("temporal: cannot prepare its databases: " + e, e);
    }
  }

  private Connection connect(String database, String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "5");
    String url =
        "jdbc:postgresql://" + StackConfig.HOST + ":" + config.ports().postgres() + "/" + database;
    // The driver directly, as Probes does: DriverManager misses it under some class loaders.
    return new org.postgresql.Driver().connect(url, props);
  }

  /** As the cluster's superuser, whom zonky's cluster trusts on loopback. */
  private void createRoleAndDatabases() throws SQLException {
    try (Connection connection = connect("postgres", "postgres", "");
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_roles where rolname = ?", ROLE)) {
        statement.execute("create role " + ROLE + " login password '" + ROLE + "'");
        LOG.info("created role {}", ROLE);
      }
      for (String database : SCHEMAS.keySet()) {
        if (!exists(connection, "select 1 from pg_database where datname = ?", database)) {
          statement.execute("create database " + database + " owner " + ROLE);
          LOG.info("created database {}", database);
        }
      }
    }
  }

  private boolean hasVersionTable(String database) throws SQLException {
    try (Connection connection = connect(database, ROLE, ROLE)) {
      return exists(
          connection,
          "select 1 from information_schema.tables where table_name = ?",
          "schema_version");
    }
  }

  private static boolean exists(Connection connection, String query, String value)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private void sqlTool(String database, String... task) {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.sqlTool().toString(),
                "--plugin",
                "postgres12",
                "--endpoint",
                StackConfig.HOST,
                "--port",
                Integer.toString(config.ports().postgres()),
                "--user",
                ROLE,
                "--password",
                ROLE,
                "--database",
                database));
    command.addAll(List.of(task));
    Processes.Result result = Processes.run(command, TOOL_TIMEOUT);
    if (!result.ok()) {
      throw new LocalStackException(
          "temporal: temporal-sql-tool "
              + task[0]
              + " on "
              + database
              + " failed: "
              + result.output().strip());
    }
    LOG.debug("temporal-sql-tool {} on {}: {}", task[0], database, result.output().strip());
  }
}
