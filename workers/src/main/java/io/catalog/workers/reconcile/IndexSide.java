package io.catalog.workers.reconcile;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.FiltersBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.workflows.reconcile.SliceRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the reconciliation reads from the index behind the alias. */
final class IndexSide {
  static final int PAGE = 1_000;

  private final ElasticsearchClient client;
  private final String alias;

  IndexSide(ElasticsearchClient client, String alias) {
    this.client = client;
    this.alias = alias;
  }

  /**
   * One request for a slice of buckets: a {@code filters} aggregation with an id range per bucket
   * and sums beneath. Buckets without documents are left out; keys are positions in the slice.
   */
  Map<Integer, Fingerprint> fingerprints(SliceRequest slice) throws IOException {
    Map<String, Query> filters = new LinkedHashMap<>();
    List<String> lows = slice.lowerBounds();
    for (int k = 0; k < lows.size(); k++) {
      filters.put(Integer.toString(k), idRange(lows.get(k), slice.upperBound(k)));
    }
    Map<String, Aggregation> sums = new LinkedHashMap<>();
    sums.put(
        "live", Aggregation.of(a -> a.filter(f -> f.term(t -> t.field("deleted").value(false)))));
    sums.put("versions", sum("version"));
    sums.put("external_versions", sum("_version"));
    sums.put("stock", sum("stock"));
    sums.put("price", sum("price"));
    sums.put("updated", sum("updated_at"));
    sums.put("created", sum("created_at"));
    SearchResponse<Void> response =
        client.search(
            s ->
                s.index(alias)
                    .size(0)
                    .query(idRange(lows.get(0), slice.upperBound()))
                    .aggregations(
                        "buckets",
                        a -> a.filters(f -> f.filters(k -> k.keyed(filters))).aggregations(sums)),
            Void.class);
    Map<Integer, Fingerprint> prints = new HashMap<>();
    Map<String, FiltersBucket> buckets =
        response.aggregations().get("buckets").filters().buckets().keyed();
    for (Map.Entry<String, FiltersBucket> e : buckets.entrySet()) {
      FiltersBucket b = e.getValue();
      if (b.docCount() == 0) {
        continue;
      }
      var aggs = b.aggregations();
      prints.put(
          Integer.parseInt(e.getKey()),
          new Fingerprint(
              b.docCount(),
              aggs.get("live").filter().docCount(),
              (long) total(aggs, "versions"),
              (long) total(aggs, "external_versions"),
              (long) total(aggs, "stock"),
              total(aggs, "price"),
              total(aggs, "updated"),
              total(aggs, "created")));
    }
    return prints;
  }

  /** Every document with an id from {@code from} up to {@code to} (null: no bound), in id order. */
  List<IndexedDocument> range(String from, String to) throws IOException {
    Query range = idRange(from, to);
    List<IndexedDocument> docs = new ArrayList<>();
    String after = null;
    while (true) {
      String last = after;
      SearchResponse<ObjectNode> page =
          client.search(
              s -> {
                s.index(alias)
                    .size(PAGE)
                    .query(range)
                    .sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)))
                    .version(true)
                    .seqNoPrimaryTerm(true)
                    .trackTotalHits(t -> t.enabled(false));
                if (last != null) {
                  s.searchAfter(FieldValue.of(last));
                }
                return s;
              },
              ObjectNode.class);
      for (Hit<ObjectNode> hit : page.hits().hits()) {
        docs.add(
            new IndexedDocument(
                hit.id(),
                hit.version() == null ? -1 : hit.version(),
                hit.seqNo() == null ? -1 : hit.seqNo(),
                hit.primaryTerm() == null ? -1 : hit.primaryTerm(),
                hit.source()));
        after = hit.id();
      }
      if (page.hits().hits().size() < PAGE) {
        return docs;
      }
    }
  }

  /** The documents of {@code ids} as they are now (a realtime get), absent ones left out. */
  Map<String, IndexedDocument> get(List<String> ids) throws IOException {
    MgetResponse<ObjectNode> response = client.mget(m -> m.index(alias).ids(ids), ObjectNode.class);
    Map<String, IndexedDocument> docs = new HashMap<>();
    for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
      if (item.isFailure()) {
        throw new IOException("cannot get " + item.failure().id() + ": " + item.failure().error());
      }
      var got = item.result();
      if (got.found()) {
        docs.put(
            got.id(),
            new IndexedDocument(
                got.id(),
                got.version() == null ? -1 : got.version(),
                got.seqNo() == null ? -1 : got.seqNo(),
                got.primaryTerm() == null ? -1 : got.primaryTerm(),
                got.source()));
      }
    }
    return docs;
  }

  private static double total(Map<String, Aggregate> aggs, String name) {
    Double value = aggs.get(name).sum().value();
    return value == null ? 0 : value;
  }

  private static Query idRange(String from, String to) {
    return Query.of(
        q ->
            q.range(
                r ->
                    r.term(
                        t -> {
                          t.field("id").gte(from);
                          if (to != null) {
                            t.lt(to);
                          }
                          return t;
                        })));
  }

  private static Aggregation sum(String field) {
    return Aggregation.of(a -> a.sum(s -> s.field(field)));
  }
}
