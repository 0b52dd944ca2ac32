-- Indexes for the outbox publisher (OutboxPublishDao). DDL only; V1 is unchanged.

-- The claim walks due PENDING rows in id order and filters by shard: scanning this small partial
-- index in id order stops after one batch, instead of sorting every pending row of the shard.
CREATE INDEX outbox_events_pending_id_idx ON outbox_events (id) WHERE status = 'PENDING';

-- Per-product ordering: a row is held back while an earlier version of the same product is not
-- PUBLISHED. This index holds only the unpublished rows, so that check stays cheap however many
-- published rows a product has.
CREATE INDEX outbox_events_unpublished_idx ON outbox_events (aggregate_id, aggregate_version)
    WHERE status <> 'PUBLISHED';
