package io.catalog.workflows.reconcile;

/**
 * How a document of the read model disagrees with its row, once the projection had time to apply
 * every change (docs/architecture.md, "Drift reconciliation"). The first that applies names it.
 */
public enum DriftClass {
  /** A row (live or deleted) without a document. */
  MISSING("missing"),
  /** A document without a row. */
  EXTRA("extra"),
  /** The row is deleted but the document says {@code deleted: false}. */
  DELETED_BUT_VISIBLE("deleted_but_visible"),
  /** The document holds another version of the product than the row. */
  STALE_VERSION("stale_version"),
  /**
   * Same version, different content: a field differs, or the document's external version ({@code
   * _version}) is not the row's, which a write by hand with internal versioning leaves behind.
   */
  FIELD_MISMATCH("field_mismatch");

  private final String wireName;

  DriftClass(String wireName) {
    this.wireName = wireName;
  }

  /** The name in metrics labels, the CLI and the progress query. */
  public String wireName() {
    return wireName;
  }
}
