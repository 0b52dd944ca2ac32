package io.catalog.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.event.ProductEvents;
import io.catalog.domain.product.Product;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Compares the read model with the system of record, field by field: every product row (deleted
 * ones included) must have exactly one document with the same state, and no document may exist
 * without a row. Returns the differences; empty means equal.
 */
public final class ReadModel {
  private ReadModel() {}

  /** {@code alias} may also name one concrete index (a rebuild's new index before the switch). */
  public static List<String> differences(Jdbi jdbi, ElasticsearchClient es, String alias) {
    Map<String, ObjectNode> docs = documents(es, alias);
    List<Product> rows =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT * FROM products")
                    .map(ConstructorMapper.of(Product.class))
                    .list());
    return differences(rows, docs);
  }

  /** The comparison itself, without I/O: each difference starts with the product id. */
  public static List<String> differences(List<Product> rows, Map<String, ObjectNode> documents) {
    Map<String, ObjectNode> docs = new HashMap<>(documents);
    List<String> diffs = new ArrayList<>();
    for (Product p : rows) {
      ObjectNode doc = docs.remove(p.id().toString());
      if (doc == null) {
        diffs.add(p.id() + ": no document (row version " + p.version() + ")");
        continue;
      }
      compare(diffs, p, "seller_id", p.sellerId().toString(), doc.path("seller_id").asText());
      compare(diffs, p, "title", p.title(), doc.path("title").asText());
      compare(diffs, p, "price_exact", p.price().toPlainString(), doc.path("price_exact").asText());
      if (!doc.path("price").isNumber()
          || doc.path("price").decimalValue().compareTo(p.price()) != 0) {
        diffs.add(
            p.id()
                + ".price: row "
                + p.price().toPlainString()
                + " != document "
                + doc.get("price"));
      }
      compare(diffs, p, "currency", p.currency().strip(), doc.path("currency").asText());
      compare(
          diffs,
          p,
          "category",
          String.valueOf(p.category()),
          doc.hasNonNull("category") ? doc.get("category").asText() : "null");
      compare(diffs, p, "stock", Integer.toString(p.stock()), doc.path("stock").asText());
      compare(diffs, p, "in_stock", Boolean.toString(p.stock() > 0), doc.path("in_stock").asText());
      compare(diffs, p, "version", Long.toString(p.version()), doc.path("version").asText());
      compare(
          diffs,
          p,
          "created_at",
          ProductEvents.TIMESTAMP.format(p.createdAt()),
          doc.path("created_at").asText());
      compare(
          diffs,
          p,
          "updated_at",
          ProductEvents.TIMESTAMP.format(p.updatedAt()),
          doc.path("updated_at").asText());
      compare(diffs, p, "deleted", Boolean.toString(p.deleted()), doc.path("deleted").asText());
    }
    docs.keySet().forEach(id -> diffs.add(id + ": document without a product row"));
    return diffs;
  }

  private static void compare(List<String> diffs, Product p, String field, String row, String doc) {
    if (!row.equals(doc)) {
      diffs.add(p.id() + "." + field + ": row " + row + " != document " + doc);
    }
  }

  /** Every document behind the alias, paged with search_after on id. */
  public static Map<String, ObjectNode> documents(ElasticsearchClient es, String alias) {
    try {
      es.indices().refresh(r -> r.index(alias));
      Map<String, ObjectNode> docs = new HashMap<>();
      List<FieldValue> after = null;
      while (true) {
        List<FieldValue> cursor = after;
        SearchResponse<ObjectNode> page =
            es.search(
                s -> {
                  s.index(alias)
                      .size(5000)
                      .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                  if (cursor != null) {
                    s.searchAfter(cursor);
                  }
                  return s;
                },
                ObjectNode.class);
        List<Hit<ObjectNode>> hits = page.hits().hits();
        if (hits.isEmpty()) {
          return docs;
        }
        hits.forEach(h -> docs.put(h.id(), h.source()));
        after = hits.get(hits.size() - 1).sort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
