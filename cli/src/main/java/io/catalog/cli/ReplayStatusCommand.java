package io.catalog.cli;

import io.catalog.operations.replay.ReplayStatus;
import io.catalog.workflows.replay.ReplayPartition;
import io.catalog.workflows.replay.ReplayProgress;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code replay status}: a replay's status and progress, and where each partition stands. */
@Command(name = "status", description = "Status and progress of a replay.")
final class ReplayStatusCommand extends OpsCommand {
  @Parameters(paramLabel = "ID", description = "The replay's workflow id, as `replay` printed it.")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = output.out();
    try (Platform temporal = platform) {
      ReplayStatus s =
          temporal
              .replays()
              .status(id)
              .orElseThrow(() -> new IllegalStateException("no replay " + id));
      if (output.json()) {
        output.printJson(s);
        return 0;
      }
      summary(s).print(out, false);
      if (s.progress() != null) {
        out.println();
        partitions(s.progress()).print(out, false);
      }
      return 0;
    }
  }

  /** One row: the status, with the progress when a worker answered the query. */
  private static Table summary(ReplayStatus s) {
    ReplayProgress p = s.progress();
    Table summary =
        new Table(
            "WORKFLOW-ID",
            "STATUS",
            "PHASE",
            "PROCESSED",
            "TOTAL",
            "PERCENT",
            "RATE/S",
            "ETA-S",
            "PAUSED",
            "SKIPPED");
    if (p == null) {
      return summary
          .row(s.workflowId(), s.status(), "-", "-", "-", "-", "-", "-", "-", "-")
          .note(
              "progress unavailable: no worker answers the query (is the workers process up?)"
                  + (s.failure() == null ? "" : "; failed: " + s.failure()));
    }
    summary.row(
        s.workflowId(),
        s.status(),
        p.phase(),
        p.processed(),
        p.total(),
        String.format(Locale.ROOT, "%.1f", p.percent()),
        String.format(Locale.ROOT, "%.0f", p.ratePerSecond()),
        p.etaSeconds() < 0 ? "-" : p.etaSeconds(),
        p.paused(),
        p.skipped());
    if (p.pauseNote() != null) {
      summary.note("pause note: " + p.pauseNote());
    }
    if (s.failure() != null) {
      summary.note("failed: " + s.failure());
    }
    return summary;
  }

  private static Table partitions(ReplayProgress p) {
    Table partitions = new Table("PARTITION", "START", "POSITION", "END", "REMAINING");
    for (ReplayPartition part : p.partitions()) {
      partitions.row(
          part.partition(),
          part.start(),
          part.position(),
          part.end(),
          part.end() - part.position());
    }
    return partitions.note(
        "from "
            + p.from()
            + " on "
            + p.topic()
            + ", batch size "
            + p.batchSize()
            + ", run "
            + p.run()
            + (p.lastError() == null ? "" : "; last error: " + p.lastError()));
  }
}
