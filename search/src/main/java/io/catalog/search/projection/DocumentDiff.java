package io.catalog.search.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A stored document against the one its row makes ({@link ProductDocument#fromProduct}), field by
 * field: what a rebuild's validation and the drift reconciliation both call a field mismatch.
 */
public final class DocumentDiff {
  private static final Set<String> IGNORED = Set.of("indexed_at", "event_id");

  private DocumentDiff() {}

  /**
   * The fields that differ, as {@code "title \"a\" != \"b\""} (stored, then expected); empty when
   * the document is what the row makes. {@code indexed_at} and {@code event_id} are ignored (they
   * say how the document got there); numbers compare by value ({@code 12.5} equals {@code 12.50});
   * a field only the stored document has differs from the row's absent one.
   */
  public static List<String> differences(Product row, JsonNode stored) {
    if (stored == null) {
      return List.of("no document");
    }
    ObjectNode expected = ProductDocument.fromProduct(row).toSource(Instant.EPOCH);
    // Both sides' fields: an optional field (category) the row no longer has must not linger.
    Set<String> fields = new LinkedHashSet<>();
    expected.fieldNames().forEachRemaining(fields::add);
    stored.fieldNames().forEachRemaining(fields::add);
    fields.removeAll(IGNORED);
    List<String> diffs = new ArrayList<>();
    for (String field : fields) {
      JsonNode want = expected.get(field);
      JsonNode have = stored.get(field);
      if (!same(want, have)) {
        diffs.add(field + " " + have + " != " + want);
      }
    }
    return diffs;
  }

  private static boolean same(JsonNode want, JsonNode have) {
    if (have == null || have.isNull()) {
      return want == null || want.isNull();
    }
    if (want == null) {
      return false;
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    return want.getNodeType() == have.getNodeType() && want.asText().equals(have.asText());
  }
}
