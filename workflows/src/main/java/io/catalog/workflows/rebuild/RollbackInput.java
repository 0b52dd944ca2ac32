package io.catalog.workflows.rebuild;

import io.catalog.workflows.OperatorInput;

/**
 * Input of {@link ProductSearchRollbackWorkflow}; optional, like every workflow input.
 *
 * @param toIndex the index to move the alias to, which must be whole (validated or ever served);
 *     null means the newest whole index older than the current target (the one a rebuild's
 *     retention always keeps)
 */
@OperatorInput
public record RollbackInput(String toIndex) {
  public static RollbackInput previous() {
    return new RollbackInput(null);
  }
}
