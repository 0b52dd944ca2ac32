package io.catalog.domain.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times exactly as the API document's {@code format: date-time} means them: {@code
 * 2026-01-10T12:00:00Z}, {@code 2026-01-10t12:00:00.5+05:30}, any offset up to ±23:59 (which {@link
 * java.time.OffsetDateTime} refuses beyond ±18:00) and a leap second (read as :59).
 */
public final class Rfc3339 {
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

  private Rfc3339() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not an RFC 3339 date-time
   */
  public static Instant parse(String text) {
    Matcher m = DATE_TIME.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an RFC 3339 date-time: " + text);
    }
    int hour = Integer.parseInt(m.group(2));
    int minute = Integer.parseInt(m.group(3));
    int second = Integer.parseInt(m.group(4));
    if (hour > 23 || minute > 59 || second > 60) {
      throw new IllegalArgumentException("time of day out of range: " + text);
    }
    String fraction = m.group(5) == null ? "" : m.group(5);
    int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
    int offsetSeconds = 0;
    if (m.group(6) == null) {
      int offsetHours = Integer.parseInt(m.group(8));
      int offsetMinutes = Integer.parseInt(m.group(9));
      if (offsetHours > 23 || offsetMinutes > 59) {
        throw new IllegalArgumentException("offset out of range: " + text);
      }
      offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (m.group(7).equals("-") ? -1 : 1);
    }
    try {
      return LocalDate.parse(m.group(1))
          .atTime(hour, minute, Math.min(second, 59), nanos)
          .toInstant(ZoneOffset.UTC)
          .minusSeconds(offsetSeconds);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("no such date: " + text, e);
    }
  }
}
