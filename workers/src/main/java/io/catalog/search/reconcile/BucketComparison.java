package io.catalog.search.reconcile;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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

  /**
   * The lower bounds of buckets of {@link #BUCKET_SIZE} products (more when the table is large), as
   * the database on {@code handle} sees it; the first is {@link ReconcilePlan#LOWEST_ID}.
   */
  public static List<String> lowerBounds(Handle handle) {
    ReconcileDao dao = handle.attach(ReconcileDao.class);
    long rows = dao.countAll();
    long size = Math.max(BUCKET_SIZE, (rows + MAX_BUCKETS - 1) / MAX_BUCKETS);
    List<String> bounds = new ArrayList<>();
    bounds.add(ReconcilePlan.LOWEST_ID);
    bounds.addAll(dao.everyNth(size));
    return bounds;
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
