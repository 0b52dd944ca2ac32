package io.catalog.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.EventEnvelope;
import io.catalog.domain.event.ProductEventUpcaster;
import io.catalog.domain.json.Json;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Product events as the release before schema version 2 wrote them. During a rolling upgrade the
 * topic holds both versions and every reader upcasts the older one; W3's mixed pass measures what
 * that costs the projection, so it needs version 1 events this release no longer writes.
 */
final class LegacyEvents {
  static final int V1 = 1;

  private LegacyEvents() {}

  /**
   * The version 1 form of a current event: envelope {@code schema_version} 1, the payload's price a
   * JSON number with {@code currency} beside it at the top level, in the field order the version 1
   * writer emitted. Every envelope field (event id included) is kept, so a reader builds the same
   * document from either form. The Kafka header follows the envelope ({@link
   * OutboxHeaders#of(EventEnvelope)}).
   *
   * @throws IllegalArgumentException the event is not of the current version, or its product has a
   *     category: version 1 had none, so no version 1 event reads back as that product
   */
  static EventEnvelope v1(EventEnvelope current) {
    if (current.schemaVersion() != ProductEventUpcaster.CURRENT) {
      throw new IllegalArgumentException(
          "not a current event: schema_version " + current.schemaVersion());
    }
    if (current.payload().hasNonNull("category")) {
      throw new IllegalArgumentException(
          "event " + current.eventId() + ": version 1 cannot carry a category");
    }
    ObjectNode payload = Json.mapper().createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = current.payload().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals("price")) {
        JsonNode price = field.getValue();
        payload.put("price", new BigDecimal(price.get("amount").textValue()));
        payload.set("currency", price.get("currency"));
      } else {
        payload.set(field.getKey(), field.getValue());
      }
    }
    return new EventEnvelope(
        current.eventId(),
        current.eventType(),
        V1,
        current.aggregateType(),
        current.aggregateId(),
        current.aggregateVersion(),
        current.occurredAt(),
        current.correlationId(),
        current.causationId(),
        payload);
  }
}
