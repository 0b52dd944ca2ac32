package io.catalog.workflows.outbox;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities of {@link OutboxPublisherWorkflow}, implemented in the workers module.
 *
 * <p>Retries and idempotency: the idempotency key is the outbox row itself. A row is claimed with
 * {@code FOR UPDATE SKIP LOCKED}, sent, and marked PUBLISHED in the transaction that holds its
 * lock, so a retried or duplicated activity never publishes a row that is already PUBLISHED, and
 * two running at once never take the same row. A crash between the broker's ack and the commit
 * re-sends the row later with the same {@code event_id} (at-least-once; consumers dedupe).
 */
@ActivityInterface
public interface OutboxActivities {

  /**
   * Publishes due rows of one shard in batches, waiting on Postgres {@code LISTEN outbox_events}
   * when there is nothing to do, for up to {@link PublishRequest#maxSeconds()}. Heartbeats at least
   * every second; returns early (with what it did) when cancelled, which is how a pause reaches it.
   * While the broker is unavailable the rows stay PENDING and it backs off, up to 8 s. The
   * heartbeats carry the counts so far and a retried attempt goes on counting from them.
   *
   * @return the counts of the whole activity, earlier attempts included, and the shard's backlog
   *     when it returned
   */
  @ActivityMethod(name = "OutboxPublish")
  PublishSummary publish(PublishRequest request);

  /** Backlog of one shard; read-only, safe to retry. */
  @ActivityMethod(name = "OutboxShardBacklog")
  ShardBacklog backlog(int shard, int shards);
}
