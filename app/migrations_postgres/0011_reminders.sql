-- Which reminders each person wants by email. No row: none (mail is opt-in).
-- The five on/off choices are BOOLEAN on PostgreSQL (0/1 INTEGER on SQLite).
CREATE TABLE reminder_choices (
    account_id       TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    before_sessions  BOOLEAN NOT NULL DEFAULT FALSE,
    weekly_checkin   BOOLEAN NOT NULL DEFAULT FALSE,
    -- The weekly check-in reminder's slot in the person's own time zone:
    -- ISO weekday (1 = Monday … 7 = Sunday) and minutes after midnight.
    checkin_weekday  BIGINT NOT NULL DEFAULT 1 CHECK (checkin_weekday BETWEEN 1 AND 7),
    checkin_minute   BIGINT NOT NULL DEFAULT 540 CHECK (checkin_minute BETWEEN 0 AND 1439),
    commitment_due   BOOLEAN NOT NULL DEFAULT FALSE,
    peer_views       BOOLEAN NOT NULL DEFAULT FALSE,
    planned_sessions BOOLEAN NOT NULL DEFAULT FALSE,
    -- Raised each time a reminder is turned on, and part of every unsubscribe link:
    -- a link from an older mail cannot undo a newer choice.
    choice_epoch     BIGINT NOT NULL DEFAULT 0,
    -- Mail only tells of what happened after this (the last save of these choices).
    updated_at       BIGINT NOT NULL
);

-- Secrets the server signs with (unsubscribe links), made once on first use and
-- shared by every server process on this database.
CREATE TABLE signing_keys (
    purpose TEXT PRIMARY KEY NOT NULL,
    secret  BYTEA NOT NULL
);

-- Who started or planned a session: "you were planned into a session" goes to the
-- other person only. NULL for sessions from before this column.
ALTER TABLE sessions ADD COLUMN created_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;

-- A reminder before a session carries its calendar event; every reminder names the
-- address that unsubscribes from it (the List-Unsubscribe header).
ALTER TABLE outbox ADD COLUMN calendar TEXT;
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
