package io.catalog.cli;

import io.catalog.domain.db.Database;
import io.catalog.domain.dlq.DlqEntry;
import io.catalog.domain.json.Json;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.operations.dlq.DlqClassifier;
import io.catalog.operations.dlq.DlqOperations;
import io.catalog.workers.dlq.DeadLetterProducers;
import io.catalog.workflows.dlq.DlqActionResult;
import io.catalog.workflows.dlq.DlqFilter;
import io.catalog.workflows.dlq.DlqSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
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
      DlqCommand.ListEntries.class,
      DlqCommand.Show.class,
      DlqCommand.Replay.class,
      DlqCommand.Discard.class
    })
final class DlqCommand extends CommandGroup {
  /** The options replay and discard share with list: which entries. */
  static class Selection {
    @Option(names = "--class", description = "Error class, e.g. validation.")
    String errorClass;

    @Option(names = "--event-id", description = "Original event id; repeat for several.")
    List<String> eventIds = new ArrayList<>();

    @Option(names = "--from", description = "Failed at or after this ISO-8601 time.")
    String from;

    @Option(names = "--to", description = "Failed before this ISO-8601 time.")
    String to;

    DlqFilter filter(String target) {
      return new DlqFilter(
          errorClass,
          eventIds,
          from,
          to,
          target,
          "cli:" + System.getProperty("user.name", "unknown"));
    }
  }

  static DlqOperations operations(Producer<byte[], byte[]> producer) {
    Settings s = Settings.fromEnv();
    Jdbi jdbi = Database.configure(Jdbi.create(s.dbUrl(), s.dbUser(), s.dbPassword()));
    return new DlqOperations(
        jdbi, producer, s.kafkaBootstrap(), PlatformNames.withPrefix(s.namePrefix()));
  }

  static String original(DlqEntry e) {
    return e.originalTopic() == null
        ? "-"
        : e.originalTopic() + "-" + e.originalPartition() + "@" + e.originalOffset();
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Entries, newest first, with a summary.")
  static final class ListEntries extends Selection implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Option(names = "--status", description = "PARKED, REPLAYED, DISCARDED or SKIPPED.")
    String status;

    @Option(
        names = "--limit",
        description = "At most this many entries (default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @Override
    public Integer call() {
      DlqOperations dlq = operations(null);
      List<DlqEntry> entries = dlq.list(filter(null), status, limit);
      Table table =
          new Table(
              "ID",
              "EVENT-ID",
              "CLASS",
              "STATUS",
              "ATTEMPTS",
              "FAILED-AT",
              "ORIGINAL",
              "EXCEPTION");
      for (DlqEntry e : entries) {
        table.row(
            e.id(),
            e.eventId() == null ? "-" : e.eventId(),
            e.errorClass(),
            e.status(),
            e.attempts(),
            e.failedAt(),
            original(e),
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

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "One entry by id, or every entry of an event id (one per failure), with headers and value.")
  static final class Show implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Parameters(
        paramLabel = "ID|EVENT-ID",
        description = "An entry id (from `dlq list`) or an original event id.")
    String key;

    @Override
    public Integer call() {
      List<DlqEntry> entries = operations(null).show(key);
      if (entries.isEmpty()) {
        throw new IllegalStateException("no dead letter " + key);
      }
      PrintWriter out = output.out();
      if (output.json()) {
        out.println(Json.write(entries));
      } else {
        for (DlqEntry e : entries) {
          out.println("entry " + e.id() + "  " + e.status() + "  " + e.errorClass());
          line(out, "event id", e.eventId());
          line(out, "attempts", e.attempts());
          line(out, "failed at", e.failedAt());
          line(out, "exception", e.exceptionClass());
          line(out, "message", e.exceptionMessage());
          line(out, "original", original(e));
          line(out, "dead letter", e.dlqTopic() + "-" + e.dlqPartition() + "@" + e.dlqOffset());
          line(out, "key", e.recordKey());
          if (e.resolvedAt() != null) {
            line(
                out,
                "resolved",
                e.resolvedAt()
                    + " by "
                    + e.resolvedBy()
                    + (e.replayedTo() == null ? "" : " to " + e.replayedTo()));
          }
          if (e.resolution() != null) {
            line(out, "resolution", e.resolution());
          }
          out.println("  headers:");
          e.headers()
              .forEach(
                  h ->
                      out.println(
                          "    "
                              + h.path("key").asText()
                              + ": "
                              + (h.has("base64")
                                  ? "base64:" + h.path("base64").asText()
                                  : h.path("value").asText(null))));
          out.println("  value:");
          out.println("    " + e.value());
          out.println();
        }
      }
      out.flush();
      return 0;
    }

    private static void line(PrintWriter out, String name, Object value) {
      out.println(String.format("  %-12s %s", name + ":", value == null ? "-" : value));
    }
  }

  static void print(PrintWriter out, DlqActionResult r, boolean json, String verb) {
    if (json) {
      out.println(Json.write(r));
    } else if (r.dryRun()) {
      out.println(
          "dry run: would "
              + verb
              + " "
              + r.done()
              + " of "
              + r.matched()
              + " PARKED dead letter(s) "
              + r.filter()
              + (r.entryIds().isEmpty() ? "" : ": ids " + r.entryIds())
              + stale(r, "would skip "));
      out.println("nothing changed; run again without --dry-run to " + verb);
    } else {
      out.println(
          verb
              + "ed "
              + r.done()
              + " of "
              + r.matched()
              + " PARKED dead letter(s) "
              + r.filter()
              + (r.entryIds().isEmpty() ? "" : ": ids " + r.entryIds())
              + stale(r, "skipped ")
              + (r.skipped() > 0
                  ? "; "
                      + r.skipped()
                      + " left PARKED (no topic to replay to, or taken by another operation)"
                  : ""));
    }
    out.flush();
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

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Republish PARKED entries to their original topic (or --target) with key, value and every header",
        "unchanged (event_id and dlq.attempts kept), then mark them REPLAYED. An event that fails again",
        "comes back as a new PARKED entry with its attempts added up. An event older than its product (a",
        "newer version, or deleted) is not republished to product.events but marked SKIPPED, with the reason.",
        "Without a selection: every PARKED entry."
      })
  static final class Replay extends Selection implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Option(
        names = "--target",
        description = "Topic to republish to instead of each entry's original topic.")
    String target;

    @Option(names = "--dry-run", description = "Only say what would be replayed.")
    boolean dryRun;

    @Override
    public Integer call() {
      Settings s = Settings.fromEnv();
      DlqActionResult result;
      if (dryRun) {
        result = operations(null).replay(filter(target), true);
      } else {
        try (Producer<byte[], byte[]> producer =
            DeadLetterProducers.create(
                s.kafkaBootstrap(), s.namePrefix() + "platform-dlq-replay")) {
          result = operations(producer).replay(filter(target), false);
        }
      }
      print(output.out(), result, output.json(), "replay");
      return 0;
    }
  }

  @Command(
      name = "discard",
      mixinStandardHelpOptions = true,
      description =
          "Mark PARKED entries DISCARDED; nothing is published. Without a selection: every PARKED entry.")
  static final class Discard extends Selection implements Callable<Integer> {
    @Mixin JsonOutput output;

    @Option(names = "--dry-run", description = "Only say what would be discarded.")
    boolean dryRun;

    @Override
    public Integer call() {
      DlqActionResult result = operations(null).discard(filter(null), dryRun);
      print(output.out(), result, output.json(), "discard");
      return 0;
    }
  }
}
