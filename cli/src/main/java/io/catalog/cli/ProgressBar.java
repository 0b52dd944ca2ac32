package io.catalog.cli;

import java.io.PrintWriter;

/** One line redrawn in place: {@code [#####.....] 52% 5,200/10,000 1,234/s ETA 4s loading}. */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private int lastLength;

  ProgressBar(PrintWriter out) {
    this.out = out;
  }

  static String render(long done, long total, double rate, long etaSeconds, String label) {
    double ratio = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(ratio * WIDTH);
    return String.format(
        "[%s%s] %3d%% %,d/%,d  %,.0f/s  ETA %s  %s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(ratio * 100),
        done,
        Math.max(total, done),
        rate,
        etaSeconds < 0 ? "?" : etaSeconds + "s",
        label);
  }

  void update(long done, long total, double rate, long etaSeconds, String label) {
    String line = render(done, total, rate, etaSeconds, label);
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  void finish(String message) {
    out.println();
    out.println(message);
    out.flush();
  }
}
