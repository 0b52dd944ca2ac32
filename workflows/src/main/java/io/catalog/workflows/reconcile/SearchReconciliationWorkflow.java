package io.catalog.workflows.reconcile;

import io.catalog.workflows.Pausable;
import io.catalog.workflows.ProgressQuery;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Finds where the read model disagrees with the database and mends it without a rebuild
 * (docs/architecture.md, "Drift reconciliation"). Task queue {@code projection-ops}; started as
 * {@code search-reconciliation} by {@code ./platform reconcile} or the Web UI ({@code {}} or {@code
 * null} input), and every 10 minutes by the Temporal Schedule of the same name.
 *
 * <p>{@code temporal workflow signal --workflow-id search-reconciliation --name pause} (or {@code
 * tctl workflow signal -w search-reconciliation -n pause}) holds it after the current step; {@code
 * --name resume} goes on; query {@code progress}.
 */
@WorkflowInterface
public interface SearchReconciliationWorkflow extends Pausable {
  String TYPE = "SearchReconciliationWorkflow";

  @WorkflowMethod(name = TYPE)
  ReconcileProgress run(ReconcileInput input);

  @QueryMethod(name = ProgressQuery.NAME)
  ReconcileProgress progress();
}
