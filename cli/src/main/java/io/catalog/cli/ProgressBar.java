package io.catalog.cli;

import java.io.PrintWriter;

/**
 * One line redrawn in place: {@code [#####.....] 52% 5,200/10,000 1,234/s ETA 4s loading}. Rebuild
 * and reconcile draw that line; replay draws its own figures after the same gauge.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private int lastLength;

  ProgressBar(PrintWriter out) {
    this.out = out;
  }

  /** {@code [####......]}: {@code filled} of the bar's 30 cells. */
  static String gauge(int filled) {
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }

  /** How many of the 30 cells {@code percent} fills, rounded down. */
  static int cellsDown(double percent) {
    return (int) Math.min(WIDTH, Math.floor(percent * WIDTH / 100.0));
  }

  static String render(long done, long total, double rate, long etaSeconds, String label) {
    double ratio = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(ratio * WIDTH);
    return String.format(
        "%s %3d%% %,d/%,d  %,.0f/s  ETA %s  %s",
        gauge(filled),
        Math.round(ratio * 100),
        done,
        Math.max(total, done),
        rate,
        etaSeconds < 0 ? "?" : etaSeconds + "s",
        label);
  }

  /** Redraws the line as {@code line}, padded over whatever a longer previous line left behind. */
  void draw(String line) {
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
