-- Why an instance stopped being valid (Shopify refused its token, app/uninstalled), for GET /instances/{id}.
ALTER TABLE instances ADD COLUMN invalid_reason TEXT;

-- Subscriptions Shopify did not remove are tried again: with the token that may remove them (AES-GCM,
-- the instance row may be gone by then), how often it was tried and when next. Rows without a token
-- (written before this) are kept for operators and not retried.
ALTER TABLE instance_cleanup_failures ADD COLUMN token_encrypted TEXT;
ALTER TABLE instance_cleanup_failures ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instance_cleanup_failures ADD COLUMN next_attempt_at BIGINT;

CREATE INDEX instance_cleanup_failures_due ON instance_cleanup_failures (next_attempt_at);
