package io.catalog.cli;

import io.catalog.domain.outbox.FailedEvent;
import io.catalog.domain.outbox.OutboxAdmin;
import io.catalog.domain.outbox.OutboxStats;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "outbox",
    description = "Inspect the transactional outbox and put FAILED rows back.",
    subcommands = {
      OutboxCommand.Status.class,
      OutboxCommand.Failed.class,
      OutboxCommand.Retry.class
    })
final class OutboxCommand extends CommandGroup {

  @Command(name = "status", description = "Pending rows, age of the oldest, FAILED rows.")
  static final class Status extends OpsCommand {
    @Override
    public Integer call() {
      OutboxStats stats = new OutboxAdmin(platform.jdbi()).stats();
      output.print(
          new Table("PENDING", "OLDEST-PENDING-AGE-S", "FAILED")
              .row(
                  stats.pending(),
                  String.format("%.1f", stats.oldestPendingAgeSeconds()),
                  stats.failed()));
      return 0;
    }
  }

  @Command(name = "failed", description = "FAILED rows, oldest first, with their last error.")
  static final class Failed extends OpsCommand {
    @Option(names = "--limit", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @Override
    public Integer call() {
      List<FailedEvent> failed = new OutboxAdmin(platform.jdbi()).failed(limit);
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
      description =
          "Put FAILED rows back to PENDING (attempts reset); the publishers pick them up again.")
  static final class Retry implements Callable<Integer> {
    @Mixin Console console;
    @Mixin Platform platform;

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
      OutboxAdmin admin = new OutboxAdmin(platform.jdbi());
      int retried = which.all ? admin.retryAllFailed() : admin.retry(which.ids);
      console.say("put " + retried + " FAILED row(s) back to PENDING");
      return 0;
    }
  }
}
