package io.catalog.operations.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalog.domain.event.EventType;
import io.catalog.domain.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Which dead letters a replay must not republish: events older than their product. {@code
 * product.events} is compacted, so a replayed record is the newest of its key until the product
 * changes again, possibly the only one left; an old version there would bring back old data or a
 * deleted product on the next rebuild or replay from Kafka (docs/architecture.md, "Replays and
 * dead-letter triage").
 *
 * <p>An event is stale when its product's row has a higher version, or the row is deleted and the
 * event is not that deletion. An event whose value has no readable {@code aggregate_id} and {@code
 * aggregate_version} (not JSON, fields missing) or whose product has no row cannot be compared and
 * is replayed as before: it fails again and comes back PARKED, or it is the newest there is.
 */
final class StaleEvents {
  private StaleEvents() {}

  /** What of an event the comparison needs. */
  record Event(UUID aggregateId, long version, boolean deletion) {}

  /** The event's product and version, when the value is an envelope that has them. */
  static Optional<Event> read(byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(value);
      JsonNode id = node == null ? null : node.get("aggregate_id");
      JsonNode version = node == null ? null : node.get("aggregate_version");
      if (id == null || !id.isTextual() || version == null || !version.canConvertToLong()) {
        return Optional.empty();
      }
      boolean deletion = EventType.DELETED.wireName().equals(node.path("event_type").asText());
      return Optional.of(new Event(UUID.fromString(id.asText()), version.asLong(), deletion));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The reason each stale value is stale, by the caller's key. With {@code lock} the product rows
   * are locked {@code FOR SHARE} until the caller's transaction ends: no product changes between
   * this check and the broker's acknowledgement of the replayed records, so a newer event of the
   * same product is always written to the topic after them.
   */
  static <K> Map<K, String> reasons(Handle h, Map<K, byte[]> values, boolean lock) {
    Map<K, Event> events = new LinkedHashMap<>();
    values.forEach((key, value) -> read(value).ifPresent(e -> events.put(key, e)));
    if (events.isEmpty()) {
      return Map.of();
    }
    List<UUID> ids = events.values().stream().map(Event::aggregateId).distinct().sorted().toList();
    Map<UUID, Current> products = new LinkedHashMap<>();
    h.createQuery(
            "SELECT id, version, deleted_at IS NOT NULL AS deleted FROM products WHERE id = ANY(:ids)"
                + " ORDER BY id"
                + (lock ? " FOR SHARE" : ""))
        .bindArray("ids", UUID.class, ids)
        .map(
            (rs, ctx) ->
                new Current(
                    rs.getObject("id", UUID.class),
                    rs.getLong("version"),
                    rs.getBoolean("deleted")))
        .forEach(c -> products.put(c.id(), c));
    Map<K, String> stale = new LinkedHashMap<>();
    events.forEach(
        (key, event) -> {
          Current current = products.get(event.aggregateId());
          String reason = current == null ? null : current.staleness(event);
          if (reason != null) {
            stale.put(key, reason);
          }
        });
    return stale;
  }

  private record Current(UUID id, long version, boolean deleted) {
    /** Why {@code event} is older than this row, or null when it is not. */
    String staleness(Event event) {
      if (event.version() < version) {
        return "stale: product at version "
            + version
            + (deleted ? " (deleted)" : "")
            + ", event version "
            + event.version();
      }
      if (deleted && !event.deletion()) {
        return "stale: product deleted at version "
            + version
            + ", event version "
            + event.version();
      }
      return null;
    }
  }
}
