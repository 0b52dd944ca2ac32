package io.catalog.workflows.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a replay starts, parsed from the {@code from} input: {@code earliest}, an ISO-8601 time
 * ({@code 2026-01-10T12:00:45Z}, or with an offset) or per-partition offsets {@code
 * "0:120,1:98,2:0"}. Pure and deterministic, so the workflow validates its input with it and the
 * activity resolves it against the topic.
 *
 * @param time set for {@link Kind#TIME}: the first offset at or after it, per partition
 * @param offsets set for {@link Kind#OFFSETS}: only the partitions named are replayed
 */
public record ReplayFrom(Kind kind, Instant time, SortedMap<Integer, Long> offsets) {
  public static final String EARLIEST = "earliest";
  private static final Pattern OFFSETS = Pattern.compile("\\d+:\\d+(,\\d+:\\d+)*");

  public enum Kind {
    EARLIEST,
    TIME,
    OFFSETS
  }

  public ReplayFrom {
    offsets = offsets == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(offsets));
  }

  /**
   * @param text null or blank means {@code earliest}
   * @throws IllegalArgumentException with a message an operator can act on
   */
  public static ReplayFrom parse(String text) {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty() || value.toLowerCase(Locale.ROOT).equals(EARLIEST)) {
      return new ReplayFrom(Kind.EARLIEST, null, null);
    }
    String compact = value.replace(" ", "");
    if (OFFSETS.matcher(compact).matches()) {
      SortedMap<Integer, Long> offsets = new TreeMap<>();
      for (String pair : compact.split(",")) {
        String[] parts = pair.split(":");
        int partition;
        long offset;
        try {
          partition = Integer.parseInt(parts[0]);
          offset = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("from: partition or offset out of range in " + pair);
        }
        if (offsets.put(partition, offset) != null) {
          throw new IllegalArgumentException("from: partition " + partition + " given twice");
        }
      }
      return new ReplayFrom(Kind.OFFSETS, null, offsets);
    }
    try {
      return new ReplayFrom(Kind.TIME, OffsetDateTime.parse(value).toInstant(), null);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "from must be 'earliest', an ISO-8601 time such as 2026-01-10T12:00:00Z, or"
              + " partition:offset pairs such as 0:120,1:98,2:0; was '"
              + value
              + "'");
    }
  }

  /** The canonical text of this start point, as progress and summaries show it. */
  @Override
  public String toString() {
    return switch (kind) {
      case EARLIEST -> EARLIEST;
      case TIME -> time.toString();
      case OFFSETS -> {
        StringBuilder b = new StringBuilder();
        offsets.forEach(
            (p, o) -> b.append(b.length() == 0 ? "" : ",").append(p).append(':').append(o));
        yield b.toString();
      }
    };
  }
}
