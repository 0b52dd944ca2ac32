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

  /** Reads the dead-letter topic from the positions, classifies and parks new entries. */
  @ActivityMethod(name = "DlqIngest")
  DlqIngestResult ingest(DlqIngestRequest request);

  /** Republishes the matching PARKED entries unchanged and marks them REPLAYED. */
  @ActivityMethod(name = "DlqReplay")
  DlqActionResult replay(DlqFilter filter);

  /** Marks the matching PARKED entries DISCARDED; publishes nothing. */
  @ActivityMethod(name = "DlqDiscard")
  DlqActionResult discard(DlqFilter filter);

  /** Counts by class and status; read-only. */
  @ActivityMethod(name = "DlqSummary")
  DlqSummary summary();
}
