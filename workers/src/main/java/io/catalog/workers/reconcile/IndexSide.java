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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

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

  /**
   * Every document with an id from {@code from} up to {@code to} (null: no bound), in id order,
   * read {@link #PAGE} at a time as the iterator is consumed. A range holds whatever the index has
   * there, which can be far more than the database (orphans, a replay from the start half done), so
   * it is never held whole: before, a walk of one range loaded it all and ran the workers out of
   * heap.
   *
   * @throws UncheckedIOException from {@code hasNext} when a page cannot be read
   */
  Iterator<IndexedDocument> range(String from, String to) {
    Query range = idRange(from, to);
    return new Iterator<>() {
      private Iterator<IndexedDocument> page = Collections.emptyIterator();
      private String after;
      private boolean lastPage;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !lastPage) {
          List<IndexedDocument> docs = page(range, after);
          lastPage = docs.size() < PAGE;
          if (!docs.isEmpty()) {
            after = docs.get(docs.size() - 1).id();
          }
          page = docs.iterator();
        }
        return page.hasNext();
      }

      @Override
      public IndexedDocument next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }

  /** One page of {@code range} in id order, after the id {@code after} (null: from its start). */
  private List<IndexedDocument> page(Query range, String after) {
    SearchResponse<ObjectNode> page;
    try {
      page =
          client.search(
              s -> {
                s.index(alias)
                    .size(PAGE)
                    .query(range)
                    .sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)))
                    .version(true)
                    .seqNoPrimaryTerm(true)
                    .trackTotalHits(t -> t.enabled(false));
                if (after != null) {
                  s.searchAfter(FieldValue.of(after));
                }
                return s;
              },
              ObjectNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the index behind " + alias, e);
    }
    List<IndexedDocument> docs = new ArrayList<>(page.hits().hits().size());
    for (Hit<ObjectNode> hit : page.hits().hits()) {
      docs.add(document(hit.id(), hit.version(), hit.seqNo(), hit.primaryTerm(), hit.source()));
    }
    return docs;
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
            document(got.id(), got.version(), got.seqNo(), got.primaryTerm(), got.source()));
      }
    }
    return docs;
  }

  /** A document as a search hit or a get answers it; what it leaves out is -1. */
  private static IndexedDocument document(
      String id, Long version, Long seqNo, Long primaryTerm, ObjectNode source) {
    return new IndexedDocument(
        id,
        version == null ? -1 : version,
        seqNo == null ? -1 : seqNo,
        primaryTerm == null ? -1 : primaryTerm,
        source);
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
