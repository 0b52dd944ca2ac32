package io.catalog.search.rebuild;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities of {@link ProductSearchRollbackWorkflow}. Retries: {@link #plan} only reads; {@link
 * #moveAlias} takes the expected current target as its idempotency key, so a retry after a
 * successful move finds the alias on {@code to} already and changes nothing (it never rolls back
 * twice).
 */
@ActivityInterface
public interface ProductSearchRollbackActivities {

  /**
   * Where the alias points and where a rollback takes it. Fails without retries (type {@code
   * NothingToRollBackTo}) when there is no alias, or no older index, or {@code toIndex} does not
   * exist.
   *
   * @param toIndex null for the newest index older than the current target
   */
  @ActivityMethod(name = "RollbackPlan")
  RollbackPlan plan(String toIndex);

  /**
   * Points the alias at {@code to} in one atomic {@code POST /_aliases}, provided it still points
   * at {@code from} (or already at {@code to}); otherwise fails without retries (type {@code
   * AliasMoved}).
   */
  @ActivityMethod(name = "RollbackMoveAlias")
  void moveAlias(String from, String to);
}
