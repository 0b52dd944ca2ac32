package io.catalog.cli;

import io.catalog.domain.config.Endpoints;
import io.catalog.domain.db.Database;
import io.catalog.domain.outbox.FailedEvent;
import io.catalog.domain.outbox.OutboxAdmin;
import io.catalog.domain.outbox.OutboxStats;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "outbox",
    mixinStandardHelpOptions = true,
    description = "Inspect the transactional outbox and put FAILED rows back.",
    subcommands = {
      OutboxCommand.Status.class,
      OutboxCommand.Failed.class,
      OutboxCommand.Retry.class
    })
final class OutboxCommand extends CommandGroup {

  static OutboxAdmin admin() {
    Endpoints s = CliEndpoints.fromEnv();
    return new OutboxAdmin(Database.configure(Jdbi.create(s.dbUrl(), s.dbUser(), s.dbPassword())));
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Pending rows, age of the oldest, FAILED rows.")
  static final class Status implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Override
    public Integer call() {
      OutboxStats stats = admin().stats();
      output.print(
          new Table("PENDING", "OLDEST-PENDING-AGE-S", "FAILED")
              .row(
                  stats.pending(),
                  String.format("%.1f", stats.oldestPendingAgeSeconds()),
                  stats.failed()));
      return 0;
    }
  }

  @Command(
      name = "failed",
      mixinStandardHelpOptions = true,
      description = "FAILED rows, oldest first, with their last error.")
  static final class Failed implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Option(names = "--limit", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @Override
    public Integer call() {
      List<FailedEvent> failed = admin().failed(limit);
      Table table =
          new Table("ID", "EVENT-ID", "AGGREGATE-ID", "VERSION", "TYPE", "ATTEMPTS", "LAST-ERROR");
      failed.forEach(
          f ->
              table.row(
                  f.id(),
                  f.eventId(),
                  f.aggregateId(),
                  f.aggregateVersion(),
                  f.eventType(),
                  f.attempts(),
                  f.lastError()));
      output.print(table);
      return 0;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description =
          "Put FAILED rows back to PENDING (attempts reset); the publishers pick them up again.")
  static final class Retry implements Callable<Integer> {
    @Mixin Console console;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Parameters(
          paramLabel = "ID",
          arity = "1..*",
          description = "Outbox row ids (see `outbox failed`).")
      List<Long> ids;

      @Option(names = "--all-failed", description = "Every FAILED row.")
      boolean all;
    }

    @Override
    public Integer call() {
      OutboxAdmin admin = admin();
      int retried = which.all ? admin.retryAllFailed() : admin.retry(which.ids);
      console.say("put " + retried + " FAILED row(s) back to PENDING");
      return 0;
    }
  }
}
