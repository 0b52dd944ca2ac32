package io.catalog.domain.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place that knows how product event payloads changed between schema versions
 * (docs/architecture.md, "Event schema evolution"): every reader upcasts an older payload to {@link
 * #CURRENT} and then validates and parses only the current shape. Writers emit only {@link
 * #CURRENT}.
 *
 * <p>Version 2 moved the price into an object with an exact decimal string and the currency ({@code
 * "price": {"amount": "19.90", "currency": "USD"}}) and added an optional {@code category}.
 *
 * <p>What cannot be converted (a version 1 price that is not a number, a currency missing) is
 * copied unchanged, so that the current version's validation names the field instead of this class
 * guessing.
 */
public final class ProductEventUpcaster {
  /** The oldest schema version a reader still reads: every version ever written stays readable. */
  public static final int OLDEST = 1;

  /** The version writers emit and readers upcast to. */
  public static final int CURRENT = 2;

  private ProductEventUpcaster() {}

  /** True when {@link #toCurrent} can upcast a payload of {@code schemaVersion}. */
  public static boolean knows(int schemaVersion) {
    return schemaVersion >= OLDEST && schemaVersion <= CURRENT;
  }

  /**
   * The payload as version {@link #CURRENT}: an older one upcast into a new node ({@code payload}
   * is left as it was), a current one as it is, without a copy (readers only read it, and the
   * projection reads every event through here). A payload that is not an object is returned for the
   * caller's validation to refuse.
   *
   * @throws IllegalArgumentException a version {@link #knows} does not accept: callers check first
   *     and report it as their own unsupported-schema error
   */
  public static JsonNode toCurrent(int schemaVersion, JsonNode payload) {
    if (!knows(schemaVersion)) {
      throw new IllegalArgumentException("no upcaster for schema_version " + schemaVersion);
    }
    if (schemaVersion == CURRENT || payload == null) {
      return payload;
    }
    JsonNode copy = payload.deepCopy();
    if (schemaVersion == 1 && copy instanceof ObjectNode v1) {
      v1ToV2(v1);
    }
    return copy;
  }

  /** Converts {@code p} (a copy) in place. */
  private static void v1ToV2(ObjectNode p) {
    // Version 1 had no category: one a producer added anyway was ignored then, and still is.
    p.remove("category");
    JsonNode price = p.get("price");
    JsonNode currency = p.get("currency");
    if (price == null || !price.isNumber() || currency == null || !currency.isTextual()) {
      return;
    }
    ObjectNode moved = p.objectNode();
    moved.put("amount", ProductEvents.amount(price.decimalValue()));
    moved.put("currency", currency.textValue());
    // replace keeps the field's position, so a v1 payload upcasts to the field order v2 writes.
    p.replace("price", moved);
    p.remove("currency");
  }
}
