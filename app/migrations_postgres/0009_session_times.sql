-- A planned session's time of day: when it starts (Unix seconds, UTC), how long it is
-- planned to last, and the time zone of the person who planned it (their "09:30").
-- Sessions planned for a day only keep NULL here and are shown without a time.
ALTER TABLE sessions ADD COLUMN starts_at BIGINT;
ALTER TABLE sessions ADD COLUMN length_minutes BIGINT;
ALTER TABLE sessions ADD COLUMN planned_zone TEXT;
-- The calendar event's SEQUENCE: raised each time the session's time changes or it is
-- cancelled, so calendar apps replace the copy they hold.
ALTER TABLE sessions ADD COLUMN calendar_sequence BIGINT NOT NULL DEFAULT 0;

-- Each person's private calendar feed: a secret token in an address calendar apps
-- subscribe to without a browser session. Rotating it replaces the row, so the old
-- address is "not found" at once.
CREATE TABLE calendar_feeds (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
