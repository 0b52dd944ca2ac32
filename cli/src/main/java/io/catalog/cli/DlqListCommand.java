package io.catalog.cli;

import io.catalog.domain.dlq.DlqEntry;
import io.catalog.operations.dlq.DlqOperations;
import io.catalog.workflows.dlq.DlqSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlq list}: the selected entries, newest first, with a summary of all. */
@Command(name = "list", description = "Entries, newest first, with a summary.")
final class DlqListCommand extends OpsCommand {
  @Mixin DlqSelection selection;

  @Option(names = "--status", description = "PARKED, REPLAYED, DISCARDED or SKIPPED.")
  String status;

  @Option(names = "--limit", description = "At most this many entries (default: ${DEFAULT-VALUE}).")
  int limit = 100;

  @Override
  public Integer call() {
    DlqOperations dlq = platform.dlq(null);
    List<DlqEntry> entries = dlq.list(selection.filter(null), status, limit);
    Table table =
        new Table(
            "ID", "EVENT-ID", "CLASS", "STATUS", "ATTEMPTS", "FAILED-AT", "ORIGINAL", "EXCEPTION");
    for (DlqEntry e : entries) {
      table.row(
          e.id(),
          e.eventId() == null ? "-" : e.eventId(),
          e.errorClass(),
          e.status(),
          e.attempts(),
          e.failedAt(),
          DlqCommand.original(e),
          shorten(e.exceptionClass() + ": " + e.exceptionMessage()));
    }
    DlqSummary summary = dlq.summary();
    table.note(
        summary.parked()
            + " PARKED"
            + (summary.oldestParkedAt() == null
                ? ""
                : " (oldest failed at " + summary.oldestParkedAt() + ")")
            + ", "
            + summary.replayed()
            + " REPLAYED, "
            + summary.discarded()
            + " DISCARDED"
            + (summary.skipped() == 0 ? "" : ", " + summary.skipped() + " SKIPPED (stale)"));
    output.print(table);
    return 0;
  }

  private static String shorten(String s) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
  }
}
