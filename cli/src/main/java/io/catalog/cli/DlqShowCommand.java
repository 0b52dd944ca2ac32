package io.catalog.cli;

import io.catalog.domain.dlq.DlqEntry;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dlq show}: every entry of one id or event id in full, headers and value included. */
@Command(
    name = "show",
    description =
        "One entry by id, or every entry of an event id (one per failure), with headers and value.")
final class DlqShowCommand extends OpsCommand {
  @Parameters(
      paramLabel = "ID|EVENT-ID",
      description = "An entry id (from `dlq list`) or an original event id.")
  String key;

  @Override
  public Integer call() {
    List<DlqEntry> entries = platform.dlq(null).show(key);
    if (entries.isEmpty()) {
      throw new IllegalStateException("no dead letter " + key);
    }
    PrintWriter out = output.out();
    if (output.json()) {
      output.printJson(entries);
    } else {
      for (DlqEntry e : entries) {
        out.println("entry " + e.id() + "  " + e.status() + "  " + e.errorClass());
        line(out, "event id", e.eventId());
        line(out, "attempts", e.attempts());
        line(out, "failed at", e.failedAt());
        line(out, "exception", e.exceptionClass());
        line(out, "message", e.exceptionMessage());
        line(out, "original", DlqCommand.original(e));
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
