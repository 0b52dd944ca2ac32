package io.catalog.workflows.rebuild;

import io.catalog.workflows.Pausable;
import io.catalog.workflows.ProgressQuery;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Rebuilds the product search read model into a new versioned index and switches the alias to it
 * atomically (docs/architecture.md, "Search indices" and "Rebuild"): create the index, record the
 * end offsets of {@code product.events}, load (from the database by default, or by replaying
 * Kafka), catch up, validate against the database, restore refresh and replicas, switch the alias,
 * catch up once more, delete old indices. Each step is a saga step: a failure or a cancellation
 * undoes what was done and leaves the alias where it was.
 *
 * <p>Fixed id {@code product-search-rebuild}, task queue {@code projection-ops}; one at a time.
 * Start it from the Temporal Web UI with input {@code {}} (or leave it empty), or with {@code
 * temporal workflow start --type ProductSearchRebuildWorkflow --task-queue projection-ops
 * --workflow-id product-search-rebuild --input '{"source":"kafka"}'}. {@code temporal workflow
 * signal --workflow-id product-search-rebuild --name pause} (or {@code resume}); {@code temporal
 * workflow query --workflow-id product-search-rebuild --type progress}; {@code temporal workflow
 * cancel --workflow-id product-search-rebuild} compensates.
 */
@WorkflowInterface
public interface ProductSearchRebuildWorkflow extends Pausable {
  String TYPE = "ProductSearchRebuildWorkflow";

  @WorkflowMethod(name = TYPE)
  RebuildResult run(RebuildInput input);

  @QueryMethod(name = ProgressQuery.NAME)
  RebuildProgress progress();
}
