package io.catalog.search.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.domain.product.ProductView;
import io.catalog.search.EsFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Product search over the read model: Elasticsearch only, always through the alias, deleted
 * products never shown. Thread-safe; share one.
 */
public final class ProductSearch {
  private static final List<String> SOURCE_FIELDS =
      List.of(
          "id",
          "seller_id",
          "title",
          "price_exact",
          "currency",
          "stock",
          "category",
          "version",
          "created_at",
          "updated_at");

  private final ElasticsearchClient client;
  private final PlatformNames names;

  public ProductSearch(ElasticsearchClient client, PlatformNames names) {
    this.client = client;
    this.names = names;
  }

  public String alias() {
    return names.searchAlias();
  }

  /**
   * @throws SearchUnavailableException the alias is missing, or Elasticsearch is unreachable or
   *     overloaded
   */
  public SearchPage search(SearchQuery query) {
    SearchResponse<ObjectNode> response;
    try {
      response = client.search(request(alias(), query), ObjectNode.class);
    } catch (ElasticsearchException | IOException e) {
      throw unavailable(e);
    }
    List<Hit<ObjectNode>> hits = response.hits().hits();
    boolean more = hits.size() > query.limit();
    List<Hit<ObjectNode>> page = more ? hits.subList(0, query.limit()) : hits;
    List<ProductView> items = page.stream().map(h -> toHit(h.source())).toList();
    String next = more ? SearchCursor.encode(sortValues(page.get(page.size() - 1).sort())) : null;
    long total = response.hits().total() == null ? items.size() : response.hits().total().value();
    return new SearchPage(total, items, next);
  }

  /**
   * Missing alias, overload and server or connection trouble are 503s; anything else is our bug.
   */
  private RuntimeException unavailable(Exception e) {
    EsFailure failure = EsFailure.of(e).orElse(null);
    if (failure == null) {
      return new SearchUnavailableException("Elasticsearch is unreachable: " + e.getMessage(), e);
    }
    if (failure.is("index_not_found_exception") || failure.status() == 404) {
      return new SearchUnavailableException(
          "alias " + alias() + " does not exist (no index built yet)", e);
    }
    if (failure.status() == 429 || failure.status() >= 500) {
      return new SearchUnavailableException(
          "Elasticsearch answered " + failure.status() + " (" + failure.type() + ")", e);
    }
    return new IllegalStateException("search request refused: " + failure, e);
  }

  /** The request for one page: one extra hit tells whether another page exists. */
  static SearchRequest request(String alias, SearchQuery query) {
    List<Query> filters = new ArrayList<>();
    filters.add(Query.of(q -> q.term(t -> t.field("deleted").value(false))));
    if (query.sellerId() != null) {
      filters.add(
          Query.of(q -> q.term(t -> t.field("seller_id").value(query.sellerId().toString()))));
    }
    if (query.category() != null) {
      filters.add(Query.of(q -> q.term(t -> t.field("category").value(query.category()))));
    }
    if (query.minPrice() != null || query.maxPrice() != null) {
      Double min = query.minPrice() == null ? null : query.minPrice().doubleValue();
      Double max = query.maxPrice() == null ? null : query.maxPrice().doubleValue();
      filters.add(Query.of(q -> q.range(r -> r.number(n -> n.field("price").gte(min).lte(max)))));
    }
    if (query.inStock() != null) {
      filters.add(Query.of(q -> q.term(t -> t.field("in_stock").value(query.inStock()))));
    }
    List<Query> must =
        query.text() == null
            ? List.of()
            : List.of(
                Query.of(
                    q ->
                        q.match(m -> m.field("title").query(query.text()).operator(Operator.And))));
    return SearchRequest.of(
        s -> {
          s.index(alias)
              .query(q -> q.bool(b -> b.filter(filters).must(must)))
              .sort(sort(query.sort()))
              .size(query.limit() + 1)
              .trackTotalHits(t -> t.enabled(true))
              .source(src -> src.filter(f -> f.includes(SOURCE_FIELDS)));
          if (query.searchAfter() != null) {
            s.searchAfter(query.searchAfter().stream().map(ProductSearch::fieldValue).toList());
          }
          return s;
        });
  }

  private static List<SortOptions> sort(SearchSort sort) {
    SortOptions first =
        switch (sort) {
          case RELEVANCE -> SortOptions.of(o -> o.score(sc -> sc.order(SortOrder.Desc)));
          case PRICE_ASC -> field("price", SortOrder.Asc);
          case PRICE_DESC -> field("price", SortOrder.Desc);
          case NEWEST -> field("created_at", SortOrder.Desc);
          case TITLE -> field("title.keyword", SortOrder.Asc);
        };
    return List.of(first, field("id", SortOrder.Asc));
  }

  private static SortOptions field(String name, SortOrder order) {
    return SortOptions.of(o -> o.field(f -> f.field(name).order(order)));
  }

  private static List<Object> sortValues(List<FieldValue> values) {
    return values.stream()
        .map(
            v ->
                switch (v._kind()) {
                  case Long -> (Object) v.longValue();
                  case Double -> (Object) v.doubleValue();
                  case String -> (Object) v.stringValue();
                  default -> throw new IllegalStateException("unexpected sort value " + v);
                })
        .toList();
  }

  private static FieldValue fieldValue(Object value) {
    if (value instanceof Long l) {
      return FieldValue.of(l.longValue());
    }
    if (value instanceof Double d) {
      return FieldValue.of(d.doubleValue());
    }
    return FieldValue.of((String) value);
  }

  private static ProductView toHit(JsonNode s) {
    return new ProductView(
        UUID.fromString(s.path("id").asText()),
        UUID.fromString(s.path("seller_id").asText()),
        s.path("title").asText(),
        new BigDecimal(s.path("price_exact").asText()),
        s.path("currency").asText(),
        s.path("stock").asInt(),
        s.hasNonNull("category") ? s.get("category").asText() : null,
        s.path("version").asLong(),
        s.path("created_at").asText(),
        s.path("updated_at").asText());
  }
}
