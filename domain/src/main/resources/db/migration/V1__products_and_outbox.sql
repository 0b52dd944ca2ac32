-- System of record for the product catalog (DESIGN §3).
CREATE TABLE products (
    id          uuid PRIMARY KEY,
    seller_id   uuid           NOT NULL,
    title       text           NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    price       numeric(12, 2) NOT NULL CHECK (price >= 0),
    currency    char(3)        NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    stock       integer        NOT NULL CHECK (stock >= 0),
    version     bigint         NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz    NOT NULL DEFAULT now(),
    updated_at  timestamptz    NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);

CREATE INDEX products_seller_idx ON products (seller_id) WHERE deleted_at IS NULL;

-- Transactional outbox. A row is written in the same transaction as the product change
-- and carries the complete event envelope, so the publisher never rebuilds an event.
CREATE TABLE outbox_events (
    id                bigserial PRIMARY KEY,
    event_id          uuid        NOT NULL UNIQUE,
    aggregate_type    text        NOT NULL,
    aggregate_id      uuid        NOT NULL,
    aggregate_version bigint      NOT NULL,
    event_type        text        NOT NULL,
    topic             text        NOT NULL,
    payload           jsonb       NOT NULL,
    headers           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- Virtual bucket 0..1023 fixed from aggregate_id at write time; a publisher shard owns
    -- the buckets with bucket % shards = shard, so one product always goes through one shard.
    shard_key         smallint    NOT NULL CHECK (shard_key BETWEEN 0 AND 1023),
    status            text        NOT NULL DEFAULT 'PENDING'
                                  CHECK (status IN ('PENDING', 'PUBLISHED', 'FAILED')),
    attempts          integer     NOT NULL DEFAULT 0,
    last_error        text,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now(),
    published_at      timestamptz,
    -- Kept for the seed runbook query `WHERE processed=false`; derived, so it can never disagree.
    processed         boolean GENERATED ALWAYS AS (status = 'PUBLISHED') STORED,
    UNIQUE (aggregate_id, aggregate_version)
);

CREATE INDEX outbox_events_pending_idx ON outbox_events (shard_key, id) WHERE status = 'PENDING';
CREATE INDEX outbox_events_failed_idx ON outbox_events (aggregate_id) WHERE status = 'FAILED';
CREATE INDEX outbox_events_published_idx ON outbox_events (published_at) WHERE status = 'PUBLISHED';

-- Wakes idle publishers the moment a row commits (LISTEN outbox_events).
CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_events', NEW.shard_key::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_events_notify_trg
    AFTER INSERT ON outbox_events
    FOR EACH ROW EXECUTE FUNCTION outbox_events_notify();

-- POST /products with Idempotency-Key: the stored response is replayed for the same key and body.
CREATE TABLE idempotency_keys (
    idempotency_key text PRIMARY KEY,
    request_hash    text        NOT NULL,
    response_status integer     NOT NULL,
    response_body   text        NOT NULL, -- text, not jsonb: replayed byte for byte
    resource_id     uuid,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Dedup for the write-side command consumer (product.commands); written in the same
-- transaction as the change the command makes.
CREATE TABLE processed_commands (
    command_id   uuid PRIMARY KEY,
    command_type text        NOT NULL,
    aggregate_id uuid,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- Dead-letter triage state (DlqTriageWorkflow).
CREATE TABLE dlq_entries (
    id                 bigserial PRIMARY KEY,
    event_id           uuid,
    dlq_topic          text        NOT NULL,
    dlq_partition      integer     NOT NULL,
    dlq_offset         bigint      NOT NULL,
    original_topic     text,
    original_partition integer,
    original_offset    bigint,
    record_key         text,
    record_value       bytea,
    headers            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    error_class        text        NOT NULL,
    exception_class    text,
    exception_message  text,
    attempts           integer     NOT NULL DEFAULT 0,
    status             text        NOT NULL DEFAULT 'PARKED'
                                   CHECK (status IN ('PARKED', 'REPLAYED', 'DISCARDED')),
    failed_at          timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dlq_topic, dlq_partition, dlq_offset)
);
