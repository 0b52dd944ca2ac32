package io.catalog.workers.reconcile;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.product.Product;
import io.catalog.workflows.reconcile.ReconcilePlan;
import io.catalog.workflows.reconcile.SliceRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The database and an index compared by id-range buckets of about equal size, without reading a
 * document: what the drift reconciliation and a rebuild's validation both start with
 * (docs/architecture.md, "Drift reconciliation"). Only the buckets this reports as differing need a
 * walk document by document.
 */
public final class BucketComparison {
  /** Products per bucket: a bucket that differs is walked whole, so keep it small. */
  public static final long BUCKET_SIZE = 1_000;

  /** Beyond this, buckets grow instead (the bounds travel in a workflow's history). */
  public static final int MAX_BUCKETS = 4_096;

  /**
   * Above every id the platform makes (version 4 and 7 ids never have an {@code f} version digit):
   * the upper bound of the last bucket in SQL, where {@code hi IS NULL OR id < hi} would make
   * Postgres scan from each bucket's start to the end of the index.
   */
  public static final String TOP = "ffffffff-ffff-ffff-ffff-ffffffffffff";

  /** Buckets compared per request (one SQL statement and one aggregation). */
  public static final int SLICE = 256;

  private BucketComparison() {}

  /** Products per bucket for a table of {@code rows}: {@link #BUCKET_SIZE}, more when large. */
  public static long bucketSize(long rows) {
    return Math.max(BUCKET_SIZE, (rows + MAX_BUCKETS - 1) / MAX_BUCKETS);
  }

  /**
   * The lower bounds of buckets of {@link #bucketSize} products, as the database on {@code handle}
   * sees it; the first is {@link ReconcilePlan#LOWEST_ID}.
   *
   * @param rows the table's row count, read on the same handle
   */
  public static List<String> lowerBounds(Handle handle, long rows) {
    List<String> bounds = new ArrayList<>();
    bounds.add(ReconcilePlan.LOWEST_ID);
    bounds.addAll(handle.attach(ReconcileDao.class).everyNth(bucketSize(rows)));
    return bounds;
  }

  /** What one id in a walk has on each side; either may be null, not both. */
  public interface Pairs {
    void pair(String id, Product row, IndexedDocument doc);
  }

  /**
   * Both sides of an id range side by side, both in id order: {@code pairs} gets every id once,
   * with its row, its document, or both.
   */
  public static void walk(Iterator<Product> rows, Iterator<IndexedDocument> docs, Pairs pairs) {
    Product row = rows.hasNext() ? rows.next() : null;
    IndexedDocument doc = docs.hasNext() ? docs.next() : null;
    while (row != null || doc != null) {
      int cmp = row == null ? 1 : doc == null ? -1 : row.id().toString().compareTo(doc.id());
      pairs.pair(
          cmp <= 0 ? row.id().toString() : doc.id(), cmp <= 0 ? row : null, cmp >= 0 ? doc : null);
      if (cmp <= 0) {
        row = rows.hasNext() ? rows.next() : null;
      }
      if (cmp >= 0) {
        doc = docs.hasNext() ? docs.next() : null;
      }
    }
  }

  /**
   * Every document of an id range of {@code target} in id order, read a page at a time as the
   * iterator is consumed ({@link IndexSide#range}).
   */
  public static Iterator<IndexedDocument> documents(
      ElasticsearchClient client, String target, String from, String to) {
    return new IndexSide(client, target).range(from, to);
  }

  /**
   * The positions (in {@code slice}) of the buckets whose fingerprints differ between the database
   * on {@code handle} and {@code target} (an index or the alias).
   */
  public static List<Integer> differing(
      Handle handle, ElasticsearchClient client, String target, SliceRequest slice)
      throws IOException {
    List<String> lows = slice.lowerBounds();
    String[] highs = new String[lows.size()];
    for (int k = 0; k < lows.size(); k++) {
      String high = slice.upperBound(k);
      highs[k] = high != null ? high : TOP;
    }
    Map<Integer, Fingerprint> database = new HashMap<>();
    for (ReconcileDao.BucketPrint p :
        handle.attach(ReconcileDao.class).fingerprints(lows.toArray(String[]::new), highs)) {
      database.put(p.bucket(), p.fingerprint());
    }
    Map<Integer, Fingerprint> indexed = new IndexSide(client, target).fingerprints(slice);
    List<Integer> differ = new ArrayList<>();
    for (int k = 0; k < lows.size(); k++) {
      Fingerprint want = database.getOrDefault(k, Fingerprint.EMPTY);
      if (!want.matches(indexed.getOrDefault(k, Fingerprint.EMPTY))) {
        differ.add(k);
      }
    }
    return differ;
  }
}
