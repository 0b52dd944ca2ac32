package io.catalog.cli;

import io.catalog.domain.dlq.DlqEntry;
import io.catalog.operations.dlq.DlqClassifier;
import io.catalog.workflows.dlq.DlqActionResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(
    name = "dlq",
    description = {
      "Dead letters of dlq.product.events as the triage workflow parked them in dlq_entries.",
      "Classes: "
          + DlqClassifier.SCHEMA_MISMATCH
          + ", "
          + DlqClassifier.MISSING_FIELD
          + ", "
          + DlqClassifier.VALIDATION
          + ", "
          + DlqClassifier.MALFORMED
          + ", "
          + DlqClassifier.UNKNOWN
          + ". Nothing is replayed automatically.",
      "Works straight on the database and Kafka: the workers process need not run."
    },
    subcommands = {
      DlqListCommand.class,
      DlqShowCommand.class,
      DlqReplayCommand.class,
      DlqDiscardCommand.class
    })
final class DlqCommand extends CommandGroup {
  static String original(DlqEntry e) {
    return e.originalTopic() == null
        ? "-"
        : e.originalTopic() + "-" + e.originalPartition() + "@" + e.originalOffset();
  }

  static void print(JsonOutput output, DlqActionResult r, String verb) {
    PrintWriter out = output.out();
    if (output.json()) {
      output.printJson(r);
    } else if (r.dryRun()) {
      out.println("dry run: would " + verb + " " + counted(r) + stale(r, "would skip "));
      out.println("nothing changed; run again without --dry-run to " + verb);
    } else {
      out.println(
          verb
              + "ed "
              + counted(r)
              + stale(r, "skipped ")
              + (r.skipped() > 0
                  ? "; "
                      + r.skipped()
                      + " left PARKED (no topic to replay to, or taken by another operation)"
                  : ""));
    }
    out.flush();
  }

  /** {@code 1 of 3 PARKED dead letter(s) <filter>: ids [3]}: how many of the selection. */
  private static String counted(DlqActionResult r) {
    return r.done()
        + " of "
        + r.matched()
        + " PARKED dead letter(s) "
        + r.filter()
        + (r.entryIds().isEmpty() ? "" : ": ids " + r.entryIds());
  }

  /** The stale part of a replay's line: entries whose product is newer, never republished. */
  private static String stale(DlqActionResult r, String verb) {
    return r.stale() == 0
        ? ""
        : "; "
            + verb
            + r.stale()
            + " as stale (product newer or deleted, marked SKIPPED): ids "
            + r.staleEntryIds();
  }
}
