package io.catalog.workers.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.domain.product.Product;
import io.catalog.search.projection.DocumentDiff;
import io.catalog.workers.reconcile.BucketComparison;
import io.catalog.workers.reconcile.IndexedDocument;
import io.catalog.workflows.rebuild.ValidationReport;
import io.catalog.workflows.rebuild.ValidationRequest;
import io.catalog.workflows.reconcile.ReconcilePlan;
import io.catalog.workflows.reconcile.SliceRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Compares a new index with the database: the index is refreshed and nobody else writes to it, the
 * database is read in one REPEATABLE READ snapshot. Both sides are first compared by id-range
 * buckets ({@link BucketComparison}: counts and sums, no document read); the buckets that differ
 * are walked together in id order and every pair compared field by field; a seeded random sample of
 * the other buckets' rows is compared field by field too, for what sums cannot see.
 *
 * <p>A writer may run during the rebuild, so a document may lawfully be behind its row: when the
 * row's newest event had not been published before the last catch-up read its end offsets, the
 * final catch-up (after the switch) brings it. Such a document counts as in flight, and only then,
 * and the live-count check is corrected by exactly those documents. Everything else is a mismatch:
 * a row without its document, a document behind an event published in time, a document newer than
 * its row, a document without a row, or a sampled document that differs from its row in any field.
 */
final class RebuildValidator {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RebuildValidator.class);

  static final int STATE_BATCH = 1_000;

  private final Jdbi jdbi;
  private final ElasticsearchClient client;

  RebuildValidator(Jdbi jdbi, ElasticsearchClient client) {
    this.jdbi = jdbi;
    this.client = client;
  }

  ValidationReport validate(ValidationRequest request, ChunkContext ctx) throws IOException {
    String index = request.index();
    long begin = System.nanoTime();
    client.indices().refresh(r -> r.index(index));
    long indexDocs = client.count(c -> c.index(index)).count();
    long indexLive =
        client
            .count(c -> c.index(index).query(q -> q.term(t -> t.field("deleted").value(false))))
            .count();
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        handle -> {
          RebuildProductDao dao = handle.attach(RebuildProductDao.class);
          dao.readOnly();
          Random random = new Random(request.seed());
          ValidationTally tally = new ValidationTally();
          tally.databaseRows = dao.countAll();
          tally.databaseLive = dao.countLive();
          List<String> bounds = BucketComparison.lowerBounds(handle, tally.databaseRows);
          ReconcilePlan buckets = new ReconcilePlan(index, bounds, tally.databaseRows);
          List<Integer> matching = new ArrayList<>();
          for (int from = 0; from < bounds.size(); from += BucketComparison.SLICE) {
            SliceRequest slice =
                buckets.slice(from, Math.min(bounds.size(), from + BucketComparison.SLICE), 0);
            List<Integer> differing = BucketComparison.differing(handle, client, index, slice);
            for (int k = 0; k < slice.lowerBounds().size(); k++) {
              if (differing.contains(k)) {
                walk(dao, index, slice.lowerBounds().get(k), slice.upperBound(k), tally);
              } else {
                matching.add(from + k);
              }
            }
            ctx.heartbeat(Math.min(bounds.size(), from + BucketComparison.SLICE));
          }
          long compared = System.nanoTime();
          sample(dao, buckets, matching, request.sampleSize(), random, tally);
          long sampled = System.nanoTime();
          classifyBehind(handle, tally, request.caughtUpToMicros());
          long classified = System.nanoTime();
          compareSample(index, tally);
          log.info(
              "{}: {} of {} buckets walked; buckets and walks {} ms, sample {} ms, behind rows"
                  + " {} ms, sample compared {} ms",
              index,
              bounds.size() - matching.size(),
              bounds.size(),
              (compared - begin) / 1_000_000,
              (sampled - compared) / 1_000_000,
              (classified - sampled) / 1_000_000,
              (System.nanoTime() - classified) / 1_000_000);
          return tally.report(indexDocs, indexLive);
        });
  }

  /**
   * One bucket whose fingerprints differ, both sides side by side in id order; every pair at the
   * same version is compared field by field.
   */
  private void walk(
      RebuildProductDao dao, String index, String from, String to, ValidationTally tally) {
    Iterator<IndexedDocument> docs = BucketComparison.documents(client, index, from, to);
    try (Stream<Product> rows = dao.streamRange(from, to != null ? to : BucketComparison.TOP)) {
      BucketComparison.walk(
          rows.iterator(),
          docs,
          (id, row, doc) -> {
            if (doc == null) {
              tally.behind(row, null);
            } else if (row == null) {
              tally.extra(doc);
            } else {
              tally.pair(row, doc);
            }
          });
    }
  }

  /**
   * {@code size} rows drawn at random (seeded: a retry draws the same) from the buckets whose
   * fingerprints matched, for the field-by-field comparison: the fingerprints cannot see a text
   * field changed in place.
   */
  private static void sample(
      RebuildProductDao dao,
      ReconcilePlan buckets,
      List<Integer> matching,
      int size,
      Random random,
      ValidationTally tally) {
    long perBucket = BucketComparison.bucketSize(tally.databaseRows);
    java.util.Set<UUID> taken = new java.util.HashSet<>();
    for (int attempt = 0; tally.sample.size() < size && attempt < 4 * size; attempt++) {
      if (matching.isEmpty()) {
        return;
      }
      int b = matching.get(random.nextInt(matching.size()));
      String to =
          b + 1 < buckets.buckets() ? buckets.lowerBounds().get(b + 1) : BucketComparison.TOP;
      long offset = (long) (random.nextDouble() * perBucket);
      dao.nthInRange(buckets.lowerBounds().get(b), to, offset)
          .or(() -> dao.nthInRange(buckets.lowerBounds().get(b), to, 0))
          .filter(p -> taken.add(p.id()))
          .ifPresent(tally.sample::add);
    }
  }

  private static void classifyBehind(Handle handle, ValidationTally tally, long caughtUpToMicros) {
    RebuildProductDao dao = handle.attach(RebuildProductDao.class);
    List<ValidationTally.Behind> all = tally.behindRows;
    for (int from = 0; from < all.size(); from += STATE_BATCH) {
      List<ValidationTally.Behind> batch =
          all.subList(from, Math.min(all.size(), from + STATE_BATCH));
      UUID[] ids = batch.stream().map(b -> b.row().id()).toArray(UUID[]::new);
      long[] versions = batch.stream().mapToLong(b -> b.row().version()).toArray();
      Map<UUID, RebuildProductDao.EventState> states = new HashMap<>();
      for (RebuildProductDao.EventState s : dao.eventStates(ids, versions, caughtUpToMicros)) {
        states.put(s.id(), s);
      }
      for (ValidationTally.Behind b : batch) {
        tally.classify(b, states.get(b.row().id()));
      }
    }
  }

  private void compareSample(String index, ValidationTally tally) throws IOException {
    if (tally.sample.isEmpty()) {
      return;
    }
    List<String> ids = tally.sample.stream().map(p -> p.id().toString()).toList();
    var response = client.mget(m -> m.index(index).ids(ids), ObjectNode.class);
    Map<String, ObjectNode> sources = new HashMap<>();
    for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
      if (item.isResult() && item.result().found()) {
        sources.put(item.result().id(), item.result().source());
      }
    }
    for (Product row : tally.sample) {
      List<String> diffs = DocumentDiff.differences(row, sources.get(row.id().toString()));
      if (!diffs.isEmpty()) {
        tally.fieldMismatch(row.id() + ": " + String.join(", ", diffs));
      }
    }
  }
}
