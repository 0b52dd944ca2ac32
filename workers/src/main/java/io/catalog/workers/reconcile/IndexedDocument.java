package io.catalog.workers.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document as the index holds it.
 *
 * @param version {@code _version}: the external version the next write is compared with
 * @param seqNo with {@code primaryTerm}, guards a removal against a write that came in between
 */
public record IndexedDocument(
    String id, long version, long seqNo, long primaryTerm, ObjectNode source) {
  public long sourceVersion() {
    return source.path("version").asLong(-1);
  }

  public boolean deleted() {
    return source.path("deleted").asBoolean(false);
  }
}
