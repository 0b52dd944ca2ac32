-- Claims up to :limit due PENDING rows of one shard in id order and locks them until the
-- caller's transaction ends. SKIP LOCKED lets several publishers (the shard workflows and a
-- one-shot `platform process-outbox`) run at once without ever taking the same row.
--
-- Per-product order: a row is only returned when every earlier version of its product is
-- PUBLISHED or is claimed in this very batch (and so is sent before it). An earlier row that is
-- FAILED, PENDING with a backoff, or locked by another publisher holds the later rows of that
-- product back, and only of that product. Held-back rows stay locked until commit but are not
-- returned, so they are neither sent nor changed.
WITH candidates AS (
    SELECT id, event_id, aggregate_id, aggregate_version, event_type, topic,
           payload::text AS payload, headers::text AS headers, attempts
    FROM outbox_events
    WHERE status = 'PENDING'
      AND next_attempt_at <= now()
      AND shard_key % :shards = :shard
      AND id <= :maxId
    ORDER BY id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
SELECT c.*
FROM candidates c
WHERE NOT EXISTS (
    SELECT 1
    FROM outbox_events e
    WHERE e.aggregate_id = c.aggregate_id
      AND e.aggregate_version < c.aggregate_version
      AND e.status <> 'PUBLISHED'
      AND e.id NOT IN (SELECT id FROM candidates))
ORDER BY c.id
