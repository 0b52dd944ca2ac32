package io.catalog.workers.reconcile;

/**
 * What one bucket sums up to, computed the same way from the rows and from the documents without a
 * script (the integ-test distribution of Elasticsearch has none): counts and sums of the numeric
 * fields. On the index side {@code externalVersions} is the sum of {@code _version}, which a write
 * by hand with internal versioning moves; on the database side it is the sum of versions, which
 * every write of the platform makes the document's {@code _version}.
 *
 * <p>Equal fingerprints do not prove equal content (a text field changed in place leaves them
 * alone; the random field-by-field sample of a rebuild's validation covers that); unequal ones
 * prove something differs or is in flight, and send the bucket to a walk.
 *
 * @param price sum of prices, as doubles on both sides: compared within {@link #PRICE_TOLERANCE}
 * @param updatedMillis sum of {@code updated_at} in epoch milliseconds (Elasticsearch's resolution)
 */
record Fingerprint(
    long docs,
    long live,
    long versions,
    long externalVersions,
    long stock,
    double price,
    double updatedMillis,
    double createdMillis) {

  static final Fingerprint EMPTY = new Fingerprint(0, 0, 0, 0, 0, 0, 0, 0);

  /** Less than a cent: two sums of doubles in another order may differ in the last bits. */
  static final double PRICE_TOLERANCE = 0.004;

  boolean matches(Fingerprint other) {
    return docs == other.docs
        && live == other.live
        && versions == other.versions
        && externalVersions == other.externalVersions
        && stock == other.stock
        && Math.abs(price - other.price) <= PRICE_TOLERANCE
        && updatedMillis == other.updatedMillis
        && createdMillis == other.createdMillis;
  }
}
