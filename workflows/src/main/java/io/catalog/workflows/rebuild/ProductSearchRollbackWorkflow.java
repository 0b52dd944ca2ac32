package io.catalog.workflows.rebuild;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Moves the search alias back to the previous index (the newest whole index older than the current
 * target: validated or ever served), atomically. Id {@code product-search-rollback}, task queue
 * {@code projection-ops}; input optional ({@code {"toIndex":"product_search_v1_..."}} picks another
 * whole index).
 *
 * <p>Nothing is lost: before the move the events of {@code product.events} from the offsets
 * recorded when the previous index lost the alias are copied into it, and after the move what
 * arrived in between.
 */
@WorkflowInterface
public interface ProductSearchRollbackWorkflow {
  String TYPE = "ProductSearchRollbackWorkflow";

  @WorkflowMethod(name = TYPE)
  RollbackResult run(RollbackInput input);
}
