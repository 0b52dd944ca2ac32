package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Database tasks.",
    subcommands = {DbCommand.Migrate.class})
final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = "Apply pending Flyway migrations (DB_URL, DB_USER, DB_PASSWORD).")
  static final class Migrate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      Endpoints s = CliEndpoints.fromEnv();
      MigrateResult result = Database.migrate(s.dbUrl(), s.dbUser(), s.dbPassword());
      PrintWriter out = spec.commandLine().getOut();
      new Table("DATABASE", "APPLIED", "SCHEMA-VERSION")
          .row(
              s.dbUrl(),
              result.migrationsExecuted,
              result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion)
          .print(out, json);
      return 0;
    }
  }
}
