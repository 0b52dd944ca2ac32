package io.catalog.workflows.replay;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A replay's fixed range, resolved once when it starts: per partition of {@code topic}, from {@code
 * start} (inclusive) to {@code end} (exclusive, the end offsets at that moment). Events written
 * after the start are the live consumer's business, not the replay's.
 */
public record ReplayPlan(
    String topic, String from, SortedMap<Integer, Long> start, SortedMap<Integer, Long> end) {

  public ReplayPlan {
    start = Collections.unmodifiableSortedMap(new TreeMap<>(start));
    end = Collections.unmodifiableSortedMap(new TreeMap<>(end));
  }

  /** Offsets to cover, all partitions together. */
  @JsonIgnore
  public long total() {
    long total = 0;
    for (var e : end.entrySet()) {
      total += Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), e.getValue()));
    }
    return total;
  }

  /** Offsets covered at {@code positions}. */
  @JsonIgnore
  public long covered(SortedMap<Integer, Long> positions) {
    long covered = 0;
    for (var e : end.entrySet()) {
      long from = start.getOrDefault(e.getKey(), e.getValue());
      long at = Math.min(e.getValue(), positions.getOrDefault(e.getKey(), from));
      covered += Math.max(0, at - from);
    }
    return covered;
  }

  /** Whether every partition has reached its end offset at {@code positions}. */
  @JsonIgnore
  public boolean finishedAt(SortedMap<Integer, Long> positions) {
    for (var e : end.entrySet()) {
      long from = start.getOrDefault(e.getKey(), e.getValue());
      if (positions.getOrDefault(e.getKey(), from) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
