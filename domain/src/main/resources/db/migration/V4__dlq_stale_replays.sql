-- A dead-letter replay skips an event older than its product (docs/architecture.md, "Replays and
-- dead-letter triage"): such entries end SKIPPED, with the reason in `resolution`. DDL only.

ALTER TABLE dlq_entries DROP CONSTRAINT dlq_entries_status_check;
ALTER TABLE dlq_entries
    ADD CONSTRAINT dlq_entries_status_check
        CHECK (status IN ('PARKED', 'REPLAYED', 'DISCARDED', 'SKIPPED')),
    -- Why an entry left PARKED without being republished, e.g. "stale: product at version 3".
    ADD COLUMN resolution text;
