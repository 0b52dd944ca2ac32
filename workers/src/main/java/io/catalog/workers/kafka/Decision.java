package io.catalog.workers.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link BatchHandler} made of a batch, by position in the batch: records not named were
 * applied; {@code retry} ones failed for a passing reason (a dependency down) and are tried again
 * for as long as it lasts; {@code poison} ones can never be applied as they are.
 */
public record Decision(List<Integer> retry, Map<Integer, Poison> poison) {

  /** Why a record is poison: what goes into the DLQ's exception headers. */
  public record Poison(String exceptionClass, String message) {
    public static Poison of(Throwable e) {
      return new Poison(
          e.getClass().getName(), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  public Decision {
    retry = List.copyOf(retry);
    poison = Map.copyOf(poison);
  }

  public static Decision allApplied() {
    return new Decision(List.of(), Map.of());
  }

  /** Every one of {@code size} records to try again: what a handler that threw decided. */
  public static Decision retryAll(int size) {
    List<Integer> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(i);
    }
    return new Decision(all, Map.of());
  }
}
