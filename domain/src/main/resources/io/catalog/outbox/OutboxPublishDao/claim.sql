-- Claims up to :limit due PENDING rows of one shard in id order and locks them until the
-- caller's transaction ends. SKIP LOCKED lets several publishers (the shard workflows and a
-- one-shot `platform process-outbox`) run at once without ever taking the same row.
--
-- Per-product order: a row is claimable only while every earlier version of its product is
-- PUBLISHED, i.e. it is the oldest unpublished event of its product. So a batch holds at most
-- one event per product, and an event is never sent before the one before it was acknowledged
-- and committed. An earlier row that is FAILED, PENDING in backoff, or claimed (locked) by
-- another publisher holds the later rows of its product back, and only of that product.
SELECT id, event_id, aggregate_id, aggregate_version, event_type, topic,
       payload::text AS payload, headers::text AS headers, attempts
FROM outbox_events o
WHERE status = 'PENDING'
  AND next_attempt_at <= now()
  AND shard_key % :shards = :shard
  AND id <= :maxId
  AND NOT EXISTS (
      SELECT 1
      FROM outbox_events e
      WHERE e.aggregate_id = o.aggregate_id
        AND e.aggregate_version < o.aggregate_version
        AND e.status <> 'PUBLISHED')
ORDER BY id
LIMIT :limit
FOR UPDATE SKIP LOCKED
