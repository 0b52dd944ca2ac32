package io.catalog.workers.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.catalog.search.SearchClients;
import io.catalog.workers.testing.ItStack;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reconciliation's walk reads the index side of a range a page at a time: a range can hold far
 * more documents than the database (orphans, a replay from the start half done), and reading it
 * whole once ran the workers out of heap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexSideIT {
  private static final int DOCS = 2 * IndexSide.PAGE + 500;

  private final ItStack it = ItStack.create();
  private final ElasticsearchClient es = SearchClients.create(it.endpoints.elasticsearchUrl());
  private final String index = it.names.prefix() + "index-side";

  @BeforeAll
  void indexDocuments() throws IOException {
    es.indices()
        .create(
            c ->
                c.index(index)
                    .withJson(
                        new StringReader(
                            "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
                                + "\"mappings\":{\"properties\":{\"id\":{\"type\":\"keyword\"}}}}")));
    BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
    for (int i = 0; i < DOCS; i++) {
      String id = String.format(Locale.ROOT, "%08d", i);
      bulk.operations(
          o -> o.index(x -> x.index(index).id(id).document(Map.of("id", id, "title", "t" + id))));
    }
    assertThat(es.bulk(bulk.build()).errors()).isFalse();
  }

  @AfterAll
  void remove() throws IOException {
    es.indices().delete(d -> d.index(index).ignoreUnavailable(true));
    it.close();
  }

  @Test
  void aRangeIsReadAPageAtATimeAsTheWalkGoes() throws IOException {
    long before = searches();

    Iterator<IndexedDocument> docs = new IndexSide(es, index).range("0", null);
    assertThat(searches()).as("searches before the first document is asked for").isEqualTo(before);
    assertThat(docs.hasNext()).isTrue();
    assertThat(searches()).as("searches for the first page").isEqualTo(before + 1);

    List<String> ids = new ArrayList<>();
    docs.forEachRemaining(d -> ids.add(d.id()));

    assertThat(ids).hasSize(DOCS).isSorted().doesNotHaveDuplicates();
    assertThat(ids.get(DOCS - 1)).isEqualTo(String.format(Locale.ROOT, "%08d", DOCS - 1));
    assertThat(searches()).as("three pages, the last one short").isEqualTo(before + 3);
  }

  @Test
  void aBoundedRangeEndsBeforeItsUpperBound() {
    List<String> ids = new ArrayList<>();
    new IndexSide(es, index).range("00001000", "00001010").forEachRemaining(d -> ids.add(d.id()));

    assertThat(ids).hasSize(10).first().isEqualTo("00001000");
  }

  /** Query phases run on the index's one shard so far. */
  private long searches() throws IOException {
    return es.indices()
        .stats(s -> s.index(index))
        .indices()
        .get(index)
        .primaries()
        .search()
        .queryTotal();
  }
}
