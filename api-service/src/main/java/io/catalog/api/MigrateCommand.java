package io.catalog.api;

import io.catalog.domain.db.Database;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import net.sourceforge.argparse4j.inf.Namespace;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code migrate config/api-production.yml}: the Flyway migrations the server applies at start,
 * applied with the same configuration, and nothing else. A deployment runs it once before new API
 * pods roll (the Helm chart's pre-install and pre-upgrade Job), so a migration that fails stops the
 * release instead of every pod's start.
 */
final class MigrateCommand extends ConfiguredCommand<ApiConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(MigrateCommand.class);

  MigrateCommand() {
    super("migrate", "Applies pending Flyway migrations to the configured database, then exits");
  }

  /** The server at start and this command migrate the same way. */
  static MigrateResult migrate(ApiConfiguration config) {
    DataSourceFactory database = config.getDatabase();
    return Database.migrate(database.getUrl(), database.getUser(), database.getPassword());
  }

  @Override
  protected void run(
      Bootstrap<ApiConfiguration> bootstrap, Namespace namespace, ApiConfiguration config) {
    MigrateResult result = migrate(config);
    log.info(
        "applied {} migrations; schema version {}",
        result.migrationsExecuted,
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion);
  }
}
