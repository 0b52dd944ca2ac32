-- Idempotency keys expire (API idempotencyKeyTtl, default 24 h): the API's clean-up deletes the
-- expired ones oldest first, and a claim takes over an expired key that is still there.
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
