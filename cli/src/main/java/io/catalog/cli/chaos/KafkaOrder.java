package io.catalog.cli.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-product order on the event topic: for every product, the versions of its events are strictly
 * increasing in offset order (a product's events share a key, hence a partition). Delivery is
 * at-least-once, so a record whose event_id was already on the topic (the outbox re-sent a batch
 * after a crash) is a redelivery: it is counted and skipped, not an order violation. A new event
 * whose version is not above the product's last one is a violation.
 */
final class KafkaOrder {
  /** One record of the event topic. */
  record Event(String product, int partition, long offset, String eventId, long version) {}

  /**
   * @param products products with at least one event
   * @param updated products with more than one version on the topic (the order was really tested)
   * @param longest the most versions one product has on the topic
   * @param redeliveries records whose event_id had been seen before
   * @param violations "product: version v at offset o after version w", at most the first few
   * @param violationCount all violations
   */
  record Verdict(
      int products,
      int updated,
      long longest,
      long redeliveries,
      List<String> violations,
      long violationCount) {
    boolean holds() {
      return violationCount == 0 && updated > 0;
    }
  }

  private static final int SHOWN = 3;

  private KafkaOrder() {}

  static Verdict check(List<Event> events) {
    List<Event> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparingInt(Event::partition).thenComparingLong(Event::offset));
    Map<String, Long> last = new HashMap<>();
    Map<String, Long> versions = new HashMap<>();
    Set<String> seen = new HashSet<>();
    long redeliveries = 0;
    long violationCount = 0;
    List<String> violations = new ArrayList<>();
    for (Event e : ordered) {
      if (!seen.add(e.eventId())) {
        redeliveries++;
        continue;
      }
      Long before = last.put(e.product(), e.version());
      versions.merge(e.product(), 1L, Long::sum);
      if (before != null && e.version() <= before) {
        violationCount++;
        if (violations.size() < SHOWN) {
          violations.add(
              e.product()
                  + ": version "
                  + e.version()
                  + " at offset "
                  + e.partition()
                  + "/"
                  + e.offset()
                  + " after version "
                  + before);
        }
      }
    }
    int updated = (int) versions.values().stream().filter(n -> n > 1).count();
    long longest = versions.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return new Verdict(last.size(), updated, longest, redeliveries, violations, violationCount);
  }
}
