-- outbox_events_pending_idx (shard_key, id) of V1 serves no query: the claim walks
-- outbox_events_pending_id_idx (V2), and a shard's rows are `shard_key % shards = shard`, which no
-- btree on shard_key can answer. It still cost an index entry for every event written, and it was
-- a trap for the planner: behind statistics that predate a backlog it looked tiny, so
-- `id = ANY(...) AND status = 'PENDING'` and `status = 'PENDING' ... ORDER BY id` were answered
-- with a walk of the whole index (docs/benchmarks.md, "The mark that scanned a partial index").
-- Dropping an index holds the table's lock only for the catalogue update.
DROP INDEX IF EXISTS outbox_events_pending_idx;
