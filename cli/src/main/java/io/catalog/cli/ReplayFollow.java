package io.catalog.cli;

import io.catalog.operations.replay.ReplayClient;
import io.catalog.operations.replay.ReplayStatus;
import io.catalog.workflows.replay.ReplayProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code replay --follow}: the replay's progress on one line redrawn every second until it ends.
 */
final class ReplayFollow {
  private ReplayFollow() {}

  /** Redraws one line every second from the {@code progress} query until the replay ends. */
  static int follow(ReplayClient replays, String id, JsonOutput output)
      throws InterruptedException {
    PrintWriter out = output.out();
    boolean json = output.json();
    ProgressBar bar = new ProgressBar(out);
    ReplayStatus s =
        Follow.until(
            bar,
            () ->
                replays.status(id).orElseThrow(() -> new IllegalStateException("no replay " + id)),
            end -> !end.running(),
            now -> json ? null : line(now.progress(), now.status()));
    if (json) {
      output.printJson(s);
    } else {
      bar.finish(
          "replay " + id + " " + s.status() + (s.failure() == null ? "" : ": " + s.failure()));
    }
    return "COMPLETED".equals(s.status()) ? 0 : 1;
  }

  /** {@code [##########..........] 50.0% 27083/54166 6341/s ETA 4s replaying}. */
  static String line(ReplayProgress p, String status) {
    if (p == null) {
      return String.format(
          Locale.ROOT, "%s  %-60s", ProgressBar.gauge(0), status.toLowerCase(Locale.ROOT));
    }
    String eta = p.etaSeconds() < 0 ? "-" : p.etaSeconds() + "s";
    String line =
        String.format(
            Locale.ROOT,
            "%s %5.1f%%  %d/%d  %.0f/s  ETA %s  %s%s",
            ProgressBar.gauge(ProgressBar.cellsDown(p.percent())),
            p.percent(),
            p.processed(),
            p.total(),
            p.ratePerSecond(),
            eta,
            p.phase(),
            p.skipped() > 0 ? "  (" + p.skipped() + " poison skipped)" : "");
    // Pads over whatever a longer previous line left behind.
    return String.format("%-100s", line);
  }
}
