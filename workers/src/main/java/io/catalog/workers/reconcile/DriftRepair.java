package io.catalog.workers.reconcile;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.catalog.domain.product.Product;
import io.catalog.search.projection.BulkWriteResult;
import io.catalog.search.projection.EventWriteResult;
import io.catalog.search.projection.ProductDocument;
import io.catalog.search.projection.ProjectionWriter;
import io.catalog.search.projection.WriteOutcome;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the index back to what the database says, as the projection would have: the row's current
 * state through {@link ProductDocument#fromProduct} and {@link ProjectionWriter} (external version
 * = the row's version), so a late event can only lose to it or replace it with something newer.
 *
 * <p>A document that is there is first removed, guarded by its {@code _seq_no}: if anything wrote
 * it since it was read, the removal fails and the repair of that product is left to the newer
 * write. The removal's tombstone would keep the old {@code _version} (and refuse the row's lower
 * one, e.g. after a write by hand with an external version bump) for {@code index.gc_deletes}; a
 * document deleted by hand leaves one too. So the repair prunes tombstones (gc_deletes 0, refresh,
 * a few retries while Elasticsearch's coarse clock moves on) before it writes, then restores the
 * setting. The platform never removes documents otherwise (deletes are {@code deleted: true}
 * documents), so nothing else relies on those tombstones.
 */
record DriftRepair(ElasticsearchClient client, ProjectionWriter writer) {
  /** What to do for one finding: the row (null for an extra document) and the document seen. */
  record Fix(DriftCheck.Finding finding, Product row, IndexedDocument doc) {}

  record Outcome(long repaired, long superseded) {
    static final Outcome NONE = new Outcome(0, 0);

    Outcome plus(Outcome other) {
      return new Outcome(repaired + other.repaired, superseded + other.superseded);
    }
  }

  /**
   * Elasticsearch's default, put back after a repair (the client cannot send the null that resets a
   * setting; the platform's indices never set another value).
   */
  static final String DEFAULT_GC_DELETES = "60s";

  static final int TOMBSTONE_ATTEMPTS = 12;
  static final Duration TOMBSTONE_WAIT = Duration.ofMillis(250);

  /**
   * @param index the concrete index behind the alias (settings and tombstones are per index)
   * @throws IOException when Elasticsearch fails a request as a whole or refuses a document for a
   *     reason a retry may cure; what was done stays done and a retry re-checks everything
   */
  Outcome repair(String index, List<Fix> fixes) throws IOException {
    List<Fix> removals = fixes.stream().filter(f -> f.doc() != null).toList();
    List<Fix> rewrites = new ArrayList<>();
    for (Fix fix : fixes) {
      if (fix.doc() == null) {
        rewrites.add(fix);
      }
    }
    Outcome removed = removals.isEmpty() ? Outcome.NONE : remove(index, removals, rewrites);
    if (rewrites.isEmpty()) {
      return removed;
    }
    // A document removed here, or by hand before (a "missing" one), leaves a tombstone.
    gcDeletes(index, "0s");
    try {
      return removed.plus(rewrite(index, rewrites));
    } finally {
      gcDeletes(index, DEFAULT_GC_DELETES);
    }
  }

  /**
   * Removes the documents seen, each guarded by its {@code _seq_no}; a removed extra document is
   * repaired, a removed document of a row is added to {@code rewrites}, a conflict is superseded.
   */
  private Outcome remove(String index, List<Fix> removals, List<Fix> rewrites) throws IOException {
    long repaired = 0;
    long superseded = 0;
    List<BulkOperation> ops = new ArrayList<>();
    for (Fix fix : removals) {
      IndexedDocument doc = fix.doc();
      ops.add(
          BulkOperation.of(
              op ->
                  op.delete(
                      d ->
                          d.index(index)
                              .id(doc.id())
                              .ifSeqNo(doc.seqNo())
                              .ifPrimaryTerm(doc.primaryTerm()))));
    }
    BulkResponse response = client.bulk(b -> b.operations(ops));
    for (int i = 0; i < removals.size(); i++) {
      BulkResponseItem item = response.items().get(i);
      Fix fix = removals.get(i);
      if (item.error() == null) {
        if (fix.row() == null) {
          repaired++;
        } else {
          rewrites.add(fix);
        }
      } else if (item.status() == 409) {
        superseded++;
      } else {
        throw new IOException(
            "cannot remove " + fix.doc().id() + ": " + item.status() + " " + item.error().reason());
      }
    }
    return new Outcome(repaired, superseded);
  }

  /** Writes the rows' documents, retrying conflicts while tombstones may still be in the way. */
  private Outcome rewrite(String index, List<Fix> rewrites) throws IOException {
    long repaired = 0;
    long superseded = 0;
    List<Fix> pending = rewrites;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      client.indices().refresh(r -> r.index(index));
      List<Fix> conflicted = new ArrayList<>();
      List<ProductDocument> docs =
          pending.stream().map(f -> ProductDocument.fromProduct(f.row())).toList();
      BulkWriteResult written = writer.writeDocuments(docs, index);
      for (int i = 0; i < pending.size(); i++) {
        EventWriteResult result = written.results().get(i);
        if (result.outcome() == WriteOutcome.OK) {
          repaired++;
        } else if (result.outcome() == WriteOutcome.VERSION_CONFLICT) {
          conflicted.add(pending.get(i));
        } else {
          throw new IOException(
              "cannot rewrite "
                  + result.aggregateId()
                  + ": "
                  + result.status()
                  + " "
                  + result.reason());
        }
      }
      // A conflict may be a tombstone (of this repair's removal, or of a removal by hand less
      // than gc_deletes ago) until Elasticsearch's coarse clock (200 ms steps) has moved past
      // it and a refresh pruned it; a conflict that outlasts that is a newer write, which wins.
      pending = attempt < TOMBSTONE_ATTEMPTS ? conflicted : List.of();
      superseded += conflicted.size() - pending.size();
      if (!pending.isEmpty()) {
        pause(TOMBSTONE_WAIT);
      }
    }
    return new Outcome(repaired, superseded);
  }

  private static void pause(Duration wait) throws IOException {
    try {
      Thread.sleep(wait.toMillis()); // a backoff between attempts, not a synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while repairing", e);
    }
  }

  private void gcDeletes(String index, String value) throws IOException {
    client
        .indices()
        .putSettings(
            p ->
                p.index(index)
                    .withJson(new StringReader("{\"index\":{\"gc_deletes\":\"" + value + "\"}}")));
  }
}
