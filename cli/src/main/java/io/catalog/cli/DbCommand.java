package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;

@Command(
    name = "db",
    description = "Database tasks.",
    subcommands = {DbCommand.Migrate.class})
final class DbCommand extends CommandGroup {

  @Command(
      name = "migrate",
      description = "Apply pending Flyway migrations (DB_URL, DB_USER, DB_PASSWORD).")
  static final class Migrate extends OpsCommand {
    @Override
    public Integer call() {
      Endpoints s = platform.endpoints();
      MigrateResult result = Database.migrate(s.dbUrl(), s.dbUser(), s.dbPassword());
      output.print(
          new Table("DATABASE", "APPLIED", "SCHEMA-VERSION")
              .row(
                  s.dbUrl(),
                  result.migrationsExecuted,
                  result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion));
      return 0;
    }
  }
}
