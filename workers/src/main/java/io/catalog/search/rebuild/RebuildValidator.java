package io.catalog.search.rebuild;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catalog.product.Product;
import io.catalog.search.projection.DocumentDiff;
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
 * database is read in one REPEATABLE READ snapshot, and both are walked together in id order.
 *
 * <p>A writer may run during the rebuild, so a document may lawfully be behind its row: when the
 * row's newest event had not been published before the last catch-up read its end offsets, the
 * final catch-up (after the switch) brings it. Such a document counts as in flight, and only then,
 * and the live-count check is corrected by exactly those documents. Everything else is a mismatch:
 * a row without its document, a document behind an event published in time, a document newer than
 * its row, a document without a row, or a sampled document that differs from its row in any field.
 */
final class RebuildValidator {
  static final int SCAN_PAGE = 5_000;
  static final int MAX_EXAMPLES = 20;
  static final int STATE_BATCH = 1_000;

  /** Beyond this many documents behind their rows the index is simply wrong; stop collecting. */
  static final int MAX_BEHIND = 200_000;

  private final Jdbi jdbi;
  private final ElasticsearchClient client;

  RebuildValidator(Jdbi jdbi, ElasticsearchClient client) {
    this.jdbi = jdbi;
    this.client = client;
  }

  ValidationReport validate(ValidationRequest request, ChunkContext ctx) throws IOException {
    String index = request.index();
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
          Tally tally = new Tally(request.sampleSize(), new Random(request.seed()));
          tally.databaseRows = dao.countAll();
          tally.databaseLive = dao.countLive();
          merge(dao, new IndexScan(client, index, SCAN_PAGE), tally, ctx);
          classifyBehind(handle, tally, request.caughtUpToMicros());
          compareSample(index, tally);
          return tally.report(indexDocs, indexLive);
        });
  }

  private static void merge(RebuildProductDao dao, IndexScan scan, Tally tally, ChunkContext ctx) {
    try (Stream<Product> rows = dao.streamAll()) {
      Iterator<Product> db = rows.iterator();
      Product row = db.hasNext() ? db.next() : null;
      IndexScan.Entry doc = scan.next();
      long seen = 0;
      while (row != null || doc != null) {
        int cmp = row == null ? 1 : doc == null ? -1 : row.id().toString().compareTo(doc.id());
        if (cmp < 0) {
          tally.behind(row, null);
          row = db.hasNext() ? db.next() : null;
        } else if (cmp > 0) {
          tally.extra(doc);
          doc = scan.next();
        } else {
          tally.pair(row, doc);
          row = db.hasNext() ? db.next() : null;
          doc = scan.next();
        }
        if (++seen % SCAN_PAGE == 0) {
          ctx.heartbeat(seen);
        }
      }
    }
  }

  private static void classifyBehind(Handle handle, Tally tally, long caughtUpToMicros) {
    RebuildProductDao dao = handle.attach(RebuildProductDao.class);
    List<Behind> all = tally.behindRows;
    for (int from = 0; from < all.size(); from += STATE_BATCH) {
      List<Behind> batch = all.subList(from, Math.min(all.size(), from + STATE_BATCH));
      UUID[] ids = batch.stream().map(b -> b.row().id()).toArray(UUID[]::new);
      long[] versions = batch.stream().mapToLong(b -> b.row().version()).toArray();
      Map<UUID, RebuildProductDao.EventState> states = new HashMap<>();
      for (RebuildProductDao.EventState s : dao.eventStates(ids, versions, caughtUpToMicros)) {
        states.put(s.id(), s);
      }
      for (Behind b : batch) {
        tally.classify(b, states.get(b.row().id()));
      }
    }
  }

  private void compareSample(String index, Tally tally) throws IOException {
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

  /** A row whose document is older or missing ({@code doc} null). */
  record Behind(Product row, IndexScan.Entry doc) {}

  private static final class Tally {
    final int sampleSize;
    final Random random;
    final List<Product> sample = new ArrayList<>();
    final List<Behind> behindRows = new ArrayList<>();
    final List<String> examples = new ArrayList<>();
    long databaseRows;
    long databaseLive;
    long candidates;
    long inFlight;
    long liveDelta;
    long missing;
    long behind;
    long ahead;
    long extra;
    long fieldMismatches;
    long overflow;

    Tally(int sampleSize, Random random) {
      this.sampleSize = sampleSize;
      this.random = random;
    }

    void pair(Product row, IndexScan.Entry doc) {
      if (doc.sourceVersion() != doc.version()) {
        fieldMismatch(
            row.id() + ": source version " + doc.sourceVersion() + " != _version " + doc.version());
      }
      if (doc.version() == row.version()) {
        if (doc.deleted() != row.deleted()) {
          fieldMismatch(
              row.id()
                  + ": deleted "
                  + doc.deleted()
                  + " != "
                  + row.deleted()
                  + " at the same version");
        } else {
          offer(row);
        }
      } else if (doc.version() < row.version()) {
        behind(row, doc);
      } else {
        ahead++;
        example(
            row.id()
                + ": document version "
                + doc.version()
                + " is newer than row version "
                + row.version());
      }
    }

    /** Reservoir sampling: every matching row has the same chance, whatever the table size. */
    void offer(Product row) {
      candidates++;
      if (sample.size() < sampleSize) {
        sample.add(row);
      } else if (sampleSize > 0) {
        long slot = (long) (random.nextDouble() * candidates);
        if (slot < sampleSize) {
          sample.set((int) slot, row);
        }
      }
    }

    void behind(Product row, IndexScan.Entry doc) {
      if (behindRows.size() < MAX_BEHIND) {
        behindRows.add(new Behind(row, doc));
      } else {
        overflow++;
        behind++;
      }
    }

    void classify(Behind b, RebuildProductDao.EventState state) {
      long have = b.doc() == null ? 0 : b.doc().version();
      if (state != null && state.onItsWay() && have >= state.publishedVersion()) {
        inFlight++;
        boolean rowLive = !b.row().deleted();
        boolean docLive = b.doc() != null && !b.doc().deleted();
        liveDelta += (rowLive ? 1 : 0) - (docLive ? 1 : 0);
        return;
      }
      if (b.doc() == null) {
        missing++;
        example(b.row().id() + ": no document for row version " + b.row().version());
      } else {
        behind++;
        example(
            b.row().id()
                + ": document version "
                + have
                + " behind row version "
                + b.row().version()
                + " although its events were published before the catch-up");
      }
    }

    void extra(IndexScan.Entry doc) {
      extra++;
      example(doc.id() + ": document without a row");
    }

    void fieldMismatch(String text) {
      fieldMismatches++;
      example(text);
    }

    void example(String text) {
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(text);
      }
    }

    ValidationReport report(long indexDocs, long indexLive) {
      return new ValidationReport(
          databaseRows,
          databaseLive,
          indexDocs,
          indexLive,
          databaseLive - liveDelta,
          inFlight,
          missing,
          behind,
          ahead,
          extra,
          sample.size(),
          fieldMismatches,
          examples);
    }
  }
}
