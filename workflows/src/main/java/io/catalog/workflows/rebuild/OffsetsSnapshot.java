package io.catalog.workflows.rebuild;

import java.util.Map;
import java.util.TreeMap;

/**
 * Offsets of every partition of {@code product.events} at one moment.
 *
 * @param beginning the first offset still in each partition (a Kafka load starts here)
 * @param end the end offset of each partition (the next offset to be written)
 * @param readAtMicros the database clock (epoch microseconds) just before the end offsets were
 *     read: every outbox row marked PUBLISHED before this instant has an offset below {@code end}
 */
public record OffsetsSnapshot(
    Map<Integer, Long> beginning, Map<Integer, Long> end, long readAtMicros) {

  public OffsetsSnapshot {
    beginning = beginning == null ? Map.of() : new TreeMap<>(beginning);
    end = end == null ? Map.of() : new TreeMap<>(end);
  }

  /** Records between beginning and end (an upper bound on a compacted topic). */
  public long records() {
    return span(beginning, end);
  }

  /** Records between {@code from} and {@code to}, per partition, never negative. */
  public static long span(Map<Integer, Long> from, Map<Integer, Long> to) {
    long total = 0;
    for (Map.Entry<Integer, Long> e : to.entrySet()) {
      total += Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L));
    }
    return total;
  }
}
