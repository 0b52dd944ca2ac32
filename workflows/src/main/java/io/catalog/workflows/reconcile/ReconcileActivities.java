package io.catalog.workflows.reconcile;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The steps of {@link SearchReconciliationWorkflow}; each is safe to retry. */
@ActivityInterface(namePrefix = "Reconcile")
public interface ReconcileActivities {

  /** The index behind the alias and how finely to cut the id space for the table's size. */
  @ActivityMethod
  ReconcilePlan plan();

  /**
   * Fingerprints each bucket of the slice on both sides (count, live count and sums of versions,
   * external versions, stock, price and timestamps) and walks the buckets that differ document by
   * document. Heartbeats per bucket walked.
   */
  @ActivityMethod
  SliceReport compareSlice(SliceRequest request);

  /** Re-checks candidates as they are now and classifies the settled differences. Reads only. */
  @ActivityMethod
  ConfirmReport confirm(ConfirmRequest request);

  /**
   * Re-checks {@code request.ids()} once more and rewrites or removes the documents that still
   * differ; a retry finds the ones already mended equal and leaves them.
   */
  @ActivityMethod
  RepairReport repair(ConfirmRequest request);

  /** Publishes a finished run's figures as metrics of the worker that ran it. */
  @ActivityMethod
  void recordRun(ReconcileProgress result);
}
