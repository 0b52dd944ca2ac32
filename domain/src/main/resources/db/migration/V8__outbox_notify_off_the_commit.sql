-- Writers no longer notify from their own transaction (docs/architecture.md, "Write path"). A
-- transaction that called pg_notify holds a database-wide lock from its pre-commit until its
-- commit record is flushed, so with the V1 trigger every product write's commit, fsync included,
-- ran one at a time. The writers' OutboxWakeups now send one NOTIFY per burst of committed rows,
-- from a transaction that does not wait for the disk; publishers still poll when idle.
DROP TRIGGER outbox_events_notify_trg ON outbox_events;
DROP FUNCTION outbox_events_notify();
