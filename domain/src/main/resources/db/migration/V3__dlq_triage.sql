-- Dead-letter triage (DlqTriageWorkflow, `platform dlq`, /ops/dlq). DDL only; V1 is unchanged.

ALTER TABLE dlq_entries
    -- The record key exactly as it was (record_key holds its UTF-8 text for people), so a replay
    -- republishes the same bytes and the same partition.
    ADD COLUMN record_key_bytes bytea,
    -- When and by whom an entry left PARKED (REPLAYED or DISCARDED), and where a replay sent it.
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN resolved_by text,
    ADD COLUMN replayed_to text;

-- What operators select on: PARKED entries of one class, oldest first.
CREATE INDEX dlq_entries_parked_idx ON dlq_entries (error_class, id) WHERE status = 'PARKED';

-- `platform dlq show <event-id>` and the eventIds filter; an event that failed again after a replay
-- has one entry per failure.
CREATE INDEX dlq_entries_event_id_idx ON dlq_entries (event_id);
