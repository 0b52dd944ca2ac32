package io.catalog.cli.bench;

import java.util.Locale;

/** How the bench prints numbers: readable in the table, plain in CSV, "-" where there is none. */
public final class Formats {
  private Formats() {}

  /** {@code 12,345} from 100 up, {@code 12.3} from 10, {@code 1.23} below; "-" for NaN. */
  public static String figure(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "-";
    }
    double abs = Math.abs(value);
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, abs >= 10 ? "%.1f" : "%.2f", value);
  }

  /** A ratio as {@code 0.42×}; "-" when there is none. */
  public static String ratio(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "-"
        : String.format(Locale.ROOT, "%.2f×", value);
  }

  /** Machine-readable: no grouping, up to 3 decimals, empty for NaN. */
  public static String plain(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "";
    }
    String s = String.format(Locale.ROOT, "%.3f", value);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
