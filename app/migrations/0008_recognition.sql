-- Recognition between peers: one person names what another did that helped, with a
-- short note. Given for an ended session (once per giver and session: giving again
-- changes it) or outside a session to a member of a shared circle. Private to the
-- two unless the giver shares it with the circle; the recipient may hide a shared one.
CREATE TABLE recognitions (
    id           TEXT PRIMARY KEY NOT NULL,
    giver_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    recipient_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    circle_id    TEXT NOT NULL REFERENCES circles (id),
    -- NULL when given outside a session (any number of those).
    session_id   TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    behaviour_id TEXT NOT NULL REFERENCES behaviours (id),
    note         TEXT NOT NULL,
    shared       INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    hidden       INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    created_at   INTEGER NOT NULL,
    UNIQUE (session_id, giver_id),
    CHECK (giver_id <> recipient_id)
) STRICT;
CREATE INDEX recognitions_by_recipient ON recognitions (recipient_id, created_at);
CREATE INDEX recognitions_by_giver ON recognitions (giver_id, created_at);
CREATE INDEX recognitions_shared ON recognitions (circle_id, created_at) WHERE shared = 1;

-- Milestones the app recognized for someone, once each ("first-given", "sessions-10",
-- "streak-4"): recorded when first reached, shown on Home for a week after.
CREATE TABLE milestones (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    reached_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) STRICT;
