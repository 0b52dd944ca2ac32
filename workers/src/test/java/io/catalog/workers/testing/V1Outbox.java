package io.catalog.workers.testing;

import org.jdbi.v3.core.Jdbi;

/**
 * Turns the outbox's PENDING rows into what the release before schema version 2 wrote: envelope and
 * header {@code schema_version} 1, the price a JSON number with the currency beside it, no
 * category. The rows an old API left in the outbox at a deploy look exactly like this.
 */
public final class V1Outbox {
  private V1Outbox() {}

  /** Returns how many rows it rewrote. */
  public static int downgradePending(Jdbi jdbi) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE outbox_events SET"
                        + " payload = jsonb_set(jsonb_set(payload, '{schema_version}', '1'),"
                        + " '{payload}', ((payload->'payload') - 'price' - 'category')"
                        + " || jsonb_build_object("
                        + "'price', (payload->'payload'->'price'->>'amount')::numeric,"
                        + " 'currency', payload->'payload'->'price'->>'currency')),"
                        + " headers = jsonb_set(headers, '{schema_version}', '\"1\"')"
                        + " WHERE status = 'PENDING'")
                .execute());
  }
}
