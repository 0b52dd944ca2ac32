package io.catalog.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.json.Json;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an index has been through, kept in its mapping's {@code _meta} (docs/architecture.md,
 * "Rebuild"): {@code created} by a rebuild, {@code validated} against the database, {@code served}
 * behind the alias, {@code retired} when the alias moved away. Only a <em>whole</em> index
 * (validated or ever served) is a rollback target or kept by retention: a rebuild that failed
 * half-way and whose delete compensation failed leaves an index that is neither.
 *
 * @param state the latest of {@code created}, {@code validated}, {@code served}, {@code retired};
 *     null for an index written before states existed
 * @param retiredPositions per-partition offsets of {@code product.events} from which this index
 *     misses events, recorded when the alias moved away from it (the live projection's committed
 *     offsets at that moment); null when unknown, which means "from the beginning"
 * @param handoverPositions set while a rollback to this index is between its alias move and its
 *     final catch-up: where that catch-up starts (a retried rollback finishes it)
 */
public record IndexState(
    String state,
    Instant createdAt,
    Instant validatedAt,
    Instant servedAt,
    Instant retiredAt,
    Map<Integer, Long> retiredPositions,
    Map<Integer, Long> handoverPositions) {

  public static final String CREATED = "created";
  public static final String VALIDATED = "validated";
  public static final String SERVED = "served";
  public static final String RETIRED = "retired";

  /** An index without a {@code _meta} state. */
  public static final IndexState UNKNOWN = new IndexState(null, null, null, null, null, null, null);

  public static IndexState created(Instant at) {
    return new IndexState(CREATED, at, null, null, null, null, null);
  }

  /** Validated against the database, or served (the live projection's first index never was). */
  public boolean whole() {
    return validatedAt != null || servedAt != null;
  }

  public IndexState validated(Instant at) {
    return new IndexState(
        servedAt != null ? state : VALIDATED,
        createdAt,
        at,
        servedAt,
        retiredAt,
        retiredPositions,
        handoverPositions);
  }

  public IndexState served(Instant at) {
    return new IndexState(
        SERVED, createdAt, validatedAt, at, retiredAt, retiredPositions, handoverPositions);
  }

  public IndexState retired(Instant at, Map<Integer, Long> positions) {
    return new IndexState(
        RETIRED,
        createdAt,
        validatedAt,
        servedAt != null ? servedAt : at,
        at,
        positions == null ? null : new TreeMap<>(positions),
        handoverPositions);
  }

  public IndexState withHandoverPositions(Map<Integer, Long> positions) {
    return new IndexState(
        state,
        createdAt,
        validatedAt,
        servedAt,
        retiredAt,
        retiredPositions,
        positions == null ? null : new TreeMap<>(positions));
  }

  /** The {@code _meta} object of a mapping. */
  public ObjectNode toMeta() {
    ObjectNode meta = Json.mapper().createObjectNode();
    put(meta, "state", state);
    put(meta, "created_at", createdAt);
    put(meta, "validated_at", validatedAt);
    put(meta, "served_at", servedAt);
    put(meta, "retired_at", retiredAt);
    putPositions(meta, "retired_positions", retiredPositions);
    putPositions(meta, "handover_positions", handoverPositions);
    return meta;
  }

  /** Reads a mapping's {@code _meta}; missing or foreign fields are ignored. */
  public static IndexState fromMeta(JsonNode meta) {
    if (meta == null || !meta.isObject()) {
      return UNKNOWN;
    }
    return new IndexState(
        text(meta, "state"),
        instant(meta, "created_at"),
        instant(meta, "validated_at"),
        instant(meta, "served_at"),
        instant(meta, "retired_at"),
        positions(meta.get("retired_positions")),
        positions(meta.get("handover_positions")));
  }

  private static void put(ObjectNode meta, String field, Object value) {
    if (value != null) {
      meta.put(field, value.toString());
    }
  }

  private static void putPositions(ObjectNode meta, String field, Map<Integer, Long> positions) {
    if (positions != null) {
      ObjectNode node = meta.putObject(field);
      positions.forEach((partition, offset) -> node.put(partition.toString(), offset));
    }
  }

  private static String text(JsonNode meta, String field) {
    JsonNode v = meta.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode meta, String field) {
    String v = text(meta, field);
    return v == null ? null : Instant.parse(v);
  }

  private static Map<Integer, Long> positions(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<Integer, Long> result = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      result.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
    }
    return result;
  }
}
