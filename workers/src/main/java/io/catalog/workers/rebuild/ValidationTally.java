package io.catalog.workers.rebuild;

import io.catalog.domain.product.Product;
import io.catalog.search.projection.DocumentDiff;
import io.catalog.workers.reconcile.IndexedDocument;
import io.catalog.workflows.rebuild.ValidationReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What a validation found, counted as it walks: each row and document pair judged (in flight,
 * missing, behind, ahead, extra, or a field mismatch), the rows behind their documents kept for
 * classifying, the first examples kept for people, and the {@link ValidationReport} made of it all.
 */
final class ValidationTally {
  static final int MAX_EXAMPLES = 20;

  /** Beyond this many documents behind their rows the index is simply wrong; stop collecting. */
  static final int MAX_BEHIND = 200_000;

  /** A row whose document is older or missing ({@code doc} null). */
  record Behind(Product row, IndexedDocument doc) {}

  final List<Product> sample = new ArrayList<>();
  final List<Behind> behindRows = new ArrayList<>();
  final List<String> examples = new ArrayList<>();
  long databaseRows;
  long databaseLive;
  long inFlight;
  long liveDelta;
  long missing;
  long behind;
  long ahead;
  long extra;
  long fieldMismatches;
  long overflow;

  void pair(Product row, IndexedDocument doc) {
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
        List<String> diffs = DocumentDiff.differences(row, doc.source());
        if (!diffs.isEmpty()) {
          fieldMismatch(row.id() + ": " + String.join(", ", diffs));
        }
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

  void behind(Product row, IndexedDocument doc) {
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

  void extra(IndexedDocument doc) {
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
