package io.catalog.workers.reconcile;

import io.catalog.domain.product.Product;
import io.catalog.search.projection.DocumentDiff;
import io.catalog.workflows.reconcile.DriftClass;
import java.util.List;

/** Names the first way a document disagrees with its row, or says that it does not. */
final class DriftCheck {
  private DriftCheck() {}

  /** A finding: the class and one line an operator can act on. */
  record Finding(String id, DriftClass drift, String detail) {
    String line() {
      return id + " " + drift.wireName() + ": " + detail;
    }
  }

  /**
   * @param row null when the database has no such product
   * @param doc null when the index has no such document
   * @return null when the document is what the row makes
   */
  static Finding check(String id, Product row, IndexedDocument doc) {
    if (row == null && doc == null) {
      return null;
    }
    if (row == null) {
      return new Finding(id, DriftClass.EXTRA, "document version " + doc.version() + ", no row");
    }
    if (doc == null) {
      return new Finding(id, DriftClass.MISSING, "row version " + row.version() + ", no document");
    }
    if (row.deleted() && !doc.deleted()) {
      return new Finding(
          id, DriftClass.DELETED_BUT_VISIBLE, "row deleted at version " + row.version());
    }
    if (doc.sourceVersion() != row.version()) {
      return new Finding(
          id,
          DriftClass.STALE_VERSION,
          "document holds version " + doc.sourceVersion() + ", row " + row.version());
    }
    if (doc.version() != row.version()) {
      return new Finding(
          id,
          DriftClass.FIELD_MISMATCH,
          "_version " + doc.version() + " != version " + row.version() + " (written by hand?)");
    }
    List<String> diffs = DocumentDiff.differences(row, doc.source());
    if (!diffs.isEmpty()) {
      return new Finding(id, DriftClass.FIELD_MISMATCH, String.join(", ", diffs));
    }
    return null;
  }
}
