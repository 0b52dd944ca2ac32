package io.catalog.workers.reconcile;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.catalog.domain.naming.PlatformNames;
import io.catalog.workflows.reconcile.SearchReconciliationWorkflow;
import io.catalog.workflows.reconcile.SearchReconciliationWorkflowImpl;
import io.temporal.worker.Worker;
import org.jdbi.v3.core.Jdbi;

/** Puts {@link SearchReconciliationWorkflow} on a worker of the {@code projection-ops} queue. */
public final class ReconcileWorkers {
  private ReconcileWorkers() {}

  public static void register(
      Worker worker,
      Jdbi jdbi,
      ElasticsearchClient elasticsearch,
      PlatformNames names,
      ReconcileMetrics metrics) {
    worker.registerWorkflowImplementationTypes(SearchReconciliationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ReconcileActivitiesImpl(jdbi, elasticsearch, names, metrics));
  }
}
