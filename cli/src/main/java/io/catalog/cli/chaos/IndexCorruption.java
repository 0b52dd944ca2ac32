package io.catalog.cli.chaos;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.search.index.SearchIndexes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Breaks the read model the way a person with access to Elasticsearch would, behind the platform's
 * back: documents of settled products (unchanged for half a minute) deleted and edited by hand, and
 * documents added for products that do not exist. Only the drift reconciliation can notice.
 */
record IndexCorruption(ElasticsearchClient es, Jdbi jdbi, PlatformNames names) {
  /** How much time must have passed since a product's last change for it to be chosen. */
  static final int SETTLED_SECONDS = 30;

  /** What one corruption did, on which index. */
  record Done(String index, int deleted, int edited, int added) {
    int total() {
      return deleted + edited + added;
    }

    String describe() {
      return deleted + " deleted, " + edited + " edited, " + added + " added in " + index;
    }
  }

  /** {@code perKind} documents of each kind; fewer when fewer settled products exist. */
  Done corrupt(Random random, int perKind) throws IOException {
    String index =
        new SearchIndexes(es, names)
            .aliasTarget()
            .orElseThrow(() -> new IllegalStateException("no index behind " + names.searchAlias()));
    List<String> ids = settled(random, 2 * perKind);
    int deleted = 0;
    int edited = 0;
    ObjectNode template = null;
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      // The index may not hold it (a rebuild's fresh index, a projection behind after an
      // outage): only documents that are there are corrupted, and only those count.
      var found = es.get(g -> g.index(index).id(id), ObjectNode.class);
      if (!found.found()) {
        continue;
      }
      template = found.source();
      try {
        if (i % 2 == 0) {
          es.delete(
              d -> d.index(index).id(id).ifSeqNo(found.seqNo()).ifPrimaryTerm(found.primaryTerm()));
          deleted++;
        } else {
          es.update(
              u ->
                  u.index(index)
                      .id(id)
                      .ifSeqNo(found.seqNo())
                      .ifPrimaryTerm(found.primaryTerm())
                      .doc(Map.of("title", "Edited by hand (chaos)")),
              ObjectNode.class);
          edited++;
        }
      } catch (ElasticsearchException e) {
        // Written or removed since it was read (409, 404): leave it to whoever did.
        if (e.status() != 409 && e.status() != 404) {
          throw e;
        }
      }
    }
    int added = template == null ? 0 : addStrangers(index, template, random, perKind);
    return new Done(index, deleted, edited, added);
  }

  /** Up to {@code n} live products unchanged for {@link #SETTLED_SECONDS}, in a random order. */
  private List<String> settled(Random random, int n) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT CAST(id AS text) FROM products WHERE deleted_at IS NULL"
                        + " AND updated_at < now() - :settled * interval '1 second'"
                        + " ORDER BY md5(CAST(id AS text) || :salt) LIMIT :n")
                .bind("settled", SETTLED_SECONDS)
                .bind("salt", Long.toString(random.nextLong()))
                .bind("n", n)
                .mapTo(String.class)
                .list());
  }

  /**
   * {@code n} documents like {@code template} for products that do not exist. Each has a stock the
   * template did not: a bucket's fingerprint sums numbers, not ids, so an exact copy of a document
   * this corruption deleted, landing in the deleted one's bucket, could cancel that deletion in
   * every sum (with a hand edit beside it making up the {@code _version}), and the drift would be
   * one the reconciliation cannot see by design (docs/architecture.md, drift reconciliation).
   */
  private int addStrangers(String index, ObjectNode template, Random random, int n)
      throws IOException {
    for (int i = 0; i < n; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      ObjectNode extra =
          template
              .deepCopy()
              .put("id", id)
              .put("title", "Nobody's product")
              .put("stock", template.path("stock").asLong() + 1 + i);
      es.index(x -> x.index(index).id(id).document(extra));
    }
    return n;
  }
}
