package io.catalog.search.rebuild;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Moves the search alias back to the previous index (the newest index older than the current
 * target), atomically. Id {@code product-search-rollback}, task queue {@code projection-ops}; input
 * optional ({@code {"toIndex":"product_search_v1_..."}} picks another index).
 *
 * <p>The previous index holds what it held at the switch: changes made since then reach it only
 * through the live projection's writes to the alias after the rollback, or a Kafka replay.
 */
@WorkflowInterface
public interface ProductSearchRollbackWorkflow {
  String TYPE = "ProductSearchRollbackWorkflow";

  @WorkflowMethod(name = TYPE)
  RollbackResult run(RollbackInput input);
}
