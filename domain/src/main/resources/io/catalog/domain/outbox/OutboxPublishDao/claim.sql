-- Claims up to :limit due PENDING rows of one shard in id order and locks them until the
-- caller's transaction ends. SKIP LOCKED lets several publishers (the shard workflows and a
-- one-shot `platform process-outbox`) run at once without ever taking the same row.
--
-- Per-product order: a row is claimable only while every earlier version of its product is
-- PUBLISHED, i.e. it is the oldest unpublished event of its product. So a batch holds at most
-- one event per product, and an event is never sent before the one before it was acknowledged
-- and committed. An earlier row that is FAILED, PENDING in backoff, or claimed (locked) by
-- another publisher holds the later rows of its product back, and only of that product.
--
-- Plan (docs/benchmarks.md, W2 "Claim query under a large backlog"): the only plan whose cost
-- does not grow with the backlog is a walk of outbox_events_pending_id_idx in id order that
-- checks each row with one index probe and stops after :limit rows. The planner cannot be trusted
-- to pick it, because its estimates are off exactly when a backlog appears: the shard predicate
-- (an expression of parameters) gets a default selectivity of 0.5 %, and statistics taken before a
-- burst of inserts say the PENDING/unpublished rows are few or none. Believing that only ~1 row
-- qualifies, it chose
--   * a bitmap scan of every pending row, the anti-join for each, and a sort of them all (with
--     payload, 36 MB on disk at 50,000 rows) to return the first 500: cost linear in the backlog;
--   * or, when the statistics said every row was PUBLISHED, a nested-loop anti-join whose inner
--     side read the whole unpublished index for every outer row: quadratic, 15-23 s per claim at
--     50,000 pending rows (the claims that held a core for minutes in the W2 bench).
-- Two things pin the good plan, whatever the statistics and whether the prepared statement runs
-- a custom or a generic plan:
--   1. OFFSET 0 in the NOT EXISTS keeps it a correlated SubPlan (Postgres does not turn an EXISTS
--      with OFFSET into a join), so the check is always one probe of outbox_events_unpublished_idx
--      by (aggregate_id, aggregate_version < v) per candidate row: never a hash or merge anti-join
--      over all unpublished rows, never an inner scan without that index condition.
--   2. OutboxPublishDao.claim runs this with SET LOCAL enable_sort = off. The outer query is then
--      a single-table scan whose only sort-free paths for ORDER BY id are id-ordered index scans,
--      and of those the partial pending index is the smallest. A walk stops at :limit claimable
--      rows; rows of other shards, held back or locked by another publisher are skipped on the
--      way, so a claim reads about :limit x shards (x held-back versions) index entries.
-- :minId starts the walk after what the previous full claim took (OutboxActivitiesImpl). Without
-- it every claim of a drain walks, from the start of the index, over the entries of the rows the
-- drain already published (dead until vacuum): claim k reads k x :limit of them, 96 ms per claim
-- after 50,000 rows (docs/benchmarks.md). After a claim that comes back short, the shard
-- workflows' publish loop walks from a floor that trails its claims by a quarter second, and from
-- 0 every half second and whenever a held-back version waits (ClaimWalk), so a row skipped on the
-- way (held back, locked, or committed late with a lower id) is taken then; a one-shot run walks
-- from 0 after every short claim.
SELECT id, event_id, aggregate_id, aggregate_version, event_type, topic,
       payload::text AS payload, headers::text AS headers, attempts
FROM outbox_events o
WHERE status = 'PENDING'
  AND next_attempt_at <= now()
  AND shard_key % :shards = :shard
  AND id >= :minId
  AND id <= :maxId
  AND NOT EXISTS (
      SELECT 1
      FROM outbox_events e
      WHERE e.aggregate_id = o.aggregate_id
        AND e.aggregate_version < o.aggregate_version
        AND e.status <> 'PUBLISHED'
      OFFSET 0) -- a fence, see 1. above: do not remove
ORDER BY id
LIMIT :limit
FOR UPDATE SKIP LOCKED
