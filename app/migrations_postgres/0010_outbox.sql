-- Mail to send, and mail sent. A mail is written here in the same transaction as what
-- caused it, and a background task sends it, retrying with backoff: a restart or a
-- crash loses nothing, and the key keeps the same mail from being queued twice.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    -- What the mail is about, e.g. "invite:<circle>:<token>:<address>".
    idempotency_key TEXT NOT NULL UNIQUE,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
