package io.catalog.workflows.rebuild;

import java.util.List;

/**
 * The new index compared with the database (one snapshot of each): by id-range buckets, then
 * document by document in the buckets that differ, plus a random sample field by field.
 *
 * @param databaseLive products not deleted in the database snapshot
 * @param indexLive documents with {@code deleted: false} in the index
 * @param expectedIndexLive {@code databaseLive} corrected for the changes still on their way (see
 *     {@code inFlight}); the count check is {@code indexLive == expectedIndexLive}
 * @param inFlight documents behind their row only because the row's newest event had not been
 *     published when the last catch-up read its end offsets (a writer running during the rebuild);
 *     the final catch-up after the switch brings them
 * @param missing rows with no document although their event was published in time
 * @param behind documents older than an event published in time
 * @param ahead documents newer than their row (never legitimate)
 * @param extra documents without a row
 * @param sampled documents of matching buckets drawn at random and compared field by field
 * @param fieldMismatches documents at their row's version that differ from it in a field (in a
 *     walked bucket or in the sample)
 * @param examples up to 20 human-readable differences
 */
public record ValidationReport(
    long databaseRows,
    long databaseLive,
    long indexDocs,
    long indexLive,
    long expectedIndexLive,
    long inFlight,
    long missing,
    long behind,
    long ahead,
    long extra,
    int sampled,
    long fieldMismatches,
    List<String> examples) {

  public ValidationReport {
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  public boolean ok() {
    return indexLive == expectedIndexLive
        && missing == 0
        && behind == 0
        && ahead == 0
        && extra == 0
        && fieldMismatches == 0;
  }

  /** One line for a failure message or the Web UI. */
  public String summary() {
    return String.format(
        "index live %d vs expected %d (database live %d, %d in flight); missing %d, behind %d,"
            + " ahead %d, extra %d, field mismatches %d (%d sampled)%s",
        indexLive,
        expectedIndexLive,
        databaseLive,
        inFlight,
        missing,
        behind,
        ahead,
        extra,
        fieldMismatches,
        sampled,
        examples.isEmpty()
            ? ""
            : "; e.g. " + String.join("; ", examples.subList(0, Math.min(3, examples.size()))));
  }
}
