package io.catalog.search.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The documents of an id range of an index in {@code id} order (the same order as Postgres sorts
 * uuids: both compare the canonical lower-case text byte by byte), with only its version and
 * deleted flag, by {@code search_after} pages. Meant for an index nobody writes to meanwhile.
 */
final class IndexScan {
  /**
   * One document's identity and version.
   *
   * @param version Elasticsearch's {@code _version}: the external version the document was written
   *     with, which decides every later write
   * @param sourceVersion the {@code version} field of its source, which should be the same
   */
  record Entry(String id, long version, long sourceVersion, boolean deleted, ObjectNode source) {}

  private final ElasticsearchClient client;
  private final String index;
  private final int pageSize;
  private final String from;
  private final String to;
  private final Deque<Entry> buffer = new ArrayDeque<>();
  private String after;
  private boolean exhausted;

  /**
   * The documents with ids from {@code from} up to {@code to} (null: no bound), whole: their source
   * comes along for a field-by-field comparison.
   */
  IndexScan(ElasticsearchClient client, String index, int pageSize, String from, String to) {
    this.client = client;
    this.index = index;
    this.pageSize = pageSize;
    this.from = from;
    this.to = to;
  }

  /** The next document, or null after the last. */
  Entry next() {
    if (buffer.isEmpty() && !exhausted) {
      fetch();
    }
    return buffer.poll();
  }

  private void fetch() {
    SearchResponse<ObjectNode> response;
    try {
      response =
          client.search(
              s -> {
                s.index(index)
                    .size(pageSize)
                    .query(
                        q ->
                            q.range(
                                r ->
                                    r.term(
                                        t -> {
                                          t.field("id").gte(from);
                                          return to == null ? t : t.lt(to);
                                        })))
                    .sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)))
                    .version(true)
                    .trackTotalHits(t -> t.enabled(false));
                if (after != null) {
                  s.searchAfter(after);
                }
                return s;
              },
              ObjectNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + index, e);
    }
    for (Hit<ObjectNode> hit : response.hits().hits()) {
      ObjectNode source = hit.source();
      buffer.add(
          new Entry(
              hit.id(),
              hit.version() == null ? -1 : hit.version(),
              source.path("version").asLong(),
              source.path("deleted").asBoolean(),
              source));
      after = hit.id();
    }
    exhausted = response.hits().hits().size() < pageSize;
  }
}
