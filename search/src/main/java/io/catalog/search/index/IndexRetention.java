package io.catalog.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.cat.indices.IndicesRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which product-search indices exist, which ones older than the alias target are kept (the rollback
 * target among them), and their deletion, never of an index the alias holds.
 */
final class IndexRetention {
  private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);

  private final ElasticsearchClient client;
  private final IndexNaming naming;
  private final IndexStates states;
  private final SearchAlias alias;

  IndexRetention(
      ElasticsearchClient client, IndexNaming naming, IndexStates states, SearchAlias alias) {
    this.client = client;
    this.naming = naming;
    this.states = states;
    this.alias = alias;
  }

  List<IndexInfo> list() throws IOException {
    Optional<String> target = alias.target();
    Map<String, IndexState> states = this.states.states(naming.pattern());
    List<IndicesRecord> records =
        client
            .cat()
            .indices(
                c ->
                    c.index(naming.pattern())
                        .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)
                        .h("index", "docs.count", "creation.date"))
            .indices();
    return records.stream()
        .map(
            r ->
                new IndexInfo(
                    r.index(),
                    r.docsCount() == null ? 0 : Long.parseLong(r.docsCount()),
                    Instant.ofEpochMilli(Long.parseLong(r.creationDate())),
                    target.isPresent() && target.get().equals(r.index()),
                    states.getOrDefault(r.index(), IndexState.UNKNOWN)))
        .sorted(Comparator.comparing(IndexInfo::createdAt).thenComparing(IndexInfo::name))
        .toList();
  }

  boolean delete(String name) throws IOException {
    naming.requireOwnIndex(name);
    if (alias.holders().contains(name)) {
      throw new IllegalStateException(
          "refusing to delete " + name + ": alias " + naming.alias() + " points at it");
    }
    try {
      client.indices().delete(d -> d.index(name));
      LOG.info("deleted search index {}", name);
      return true;
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  List<String> deleteOld(int keepPrevious) throws IOException {
    Optional<String> target = alias.target();
    if (target.isEmpty()) {
      return List.of();
    }
    List<IndexInfo> all = list();
    int targetAt = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().equals(target.get())) {
        targetAt = i;
      }
    }
    List<IndexInfo> older = all.subList(0, Math.max(targetAt, 0));
    List<IndexInfo> whole = older.stream().filter(i -> i.state().whole()).toList();
    List<IndexInfo> kept =
        whole.subList(Math.max(whole.size() - Math.max(keepPrevious, 1), 0), whole.size());
    List<String> deleted = new ArrayList<>();
    for (IndexInfo info : older) {
      if (!kept.contains(info) && delete(info.name())) {
        deleted.add(info.name());
      }
    }
    return deleted;
  }

  Optional<String> previousWhole() throws IOException {
    Optional<String> target = alias.target();
    if (target.isEmpty()) {
      return Optional.empty();
    }
    String previous = null;
    for (IndexInfo info : list()) {
      if (info.name().equals(target.get())) {
        break;
      }
      if (info.state().whole()) {
        previous = info.name();
      }
    }
    return Optional.ofNullable(previous);
  }
}
