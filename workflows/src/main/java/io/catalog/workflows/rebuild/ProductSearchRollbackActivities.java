package io.catalog.workflows.rebuild;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities of {@link ProductSearchRollbackWorkflow}. Retries: {@link #plan} only reads; {@link
 * #moveAlias} takes the expected current target as its idempotency key, so a retry after a
 * successful move finds the alias on {@code to} already and only finishes its last copy (it never
 * rolls back twice).
 */
@ActivityInterface
public interface ProductSearchRollbackActivities {

  /**
   * Where the alias points and where a rollback takes it: only ever to a whole index (validated or
   * ever served, per its mapping {@code _meta}). Fails without retries (type {@code
   * NothingToRollBackTo}) when there is no alias, or no whole older index, or {@code toIndex} does
   * not exist or never was whole.
   *
   * @param toIndex null for the newest whole index older than the current target
   */
  @ActivityMethod(name = "RollbackPlan")
  RollbackPlan plan(String toIndex);

  /**
   * Points the alias at {@code to} in one atomic {@code POST /_aliases}, provided it still points
   * at {@code from} (or already at {@code to}); otherwise fails without retries (type {@code
   * AliasMoved}). Loses no write: first copies {@code product.events} into {@code to} from the
   * offsets recorded when {@code to} lost the alias (everything the live projection applied since
   * went elsewhere), then moves the alias, then copies what arrived meanwhile. Heartbeats while
   * copying.
   */
  @ActivityMethod(name = "RollbackMoveAlias")
  void moveAlias(String from, String to);
}
