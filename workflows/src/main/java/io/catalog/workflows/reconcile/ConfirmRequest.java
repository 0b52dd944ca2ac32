package io.catalog.workflows.reconcile;

import java.util.List;

/**
 * Re-check {@code ids} against the database and the index as they are now and count what is still
 * different and settled as drift; {@link ReconcileActivities#repair} mends the ids it returns.
 */
public record ConfirmRequest(List<String> ids, int graceSeconds) {
  public ConfirmRequest {
    ids = List.copyOf(ids);
  }
}
