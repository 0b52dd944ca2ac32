package io.catalog.workflows.dlq;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities of {@link DlqTriageWorkflow}, implemented in the workers module ({@code DlqOperations}
 * does the work; the CLI and the API use the same class).
 *
 * <p>Retries and idempotency: {@link #ingest} stores each record under its (topic, partition,
 * offset), the table's unique key, so reading a record again stores nothing. {@link #replay} and
 * {@link #discard} act only on PARKED entries and change an entry's status in the transaction that
 * holds its row lock, so a retry skips what an earlier attempt finished. A crash between the
 * broker's ack and that commit republishes those entries again on retry, with the same event_id
 * (at-least-once; the projection is idempotent).
 */
@ActivityInterface
public interface DlqTriageActivities {

  /**
   * Reads the dead-letter topic from the request's positions (a partition it does not name from its
   * beginning) towards the end offsets seen when it starts, at most {@code maxRecords} records or
   * about 10 s, heartbeating after every poll; then classifies and parks what it read in one go.
   * The heartbeat only shows liveness: a retry reads again from the request's positions. A topic
   * that does not exist yet reads nothing.
   *
   * @return the positions after what was read (the workflow carries them to the next read), the
   *     counts, and the table's summary
   */
  @ActivityMethod(name = "DlqIngest")
  DlqIngestResult ingest(DlqIngestRequest request);

  /**
   * Republishes the matching PARKED entries unchanged and marks them REPLAYED, in chunks,
   * heartbeating after each; an entry for {@code product.events} older than its product is marked
   * SKIPPED instead, never sent. Throws {@code IllegalArgumentException} for a bad filter or a
   * target topic that does not exist, which the triage workflow does not retry.
   *
   * @return what this attempt did: entries an earlier attempt finished are no longer PARKED and are
   *     not counted again
   */
  @ActivityMethod(name = "DlqReplay")
  DlqActionResult replay(DlqFilter filter);

  /**
   * Marks the matching PARKED entries DISCARDED in one statement; publishes nothing, sends no
   * heartbeat.
   *
   * @return the ids this attempt discarded (a retry after a committed attempt finds none left)
   */
  @ActivityMethod(name = "DlqDiscard")
  DlqActionResult discard(DlqFilter filter);

  /** Counts by class and status; read-only. */
  @ActivityMethod(name = "DlqSummary")
  DlqSummary summary();
}
