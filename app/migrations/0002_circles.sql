-- Circles of peer managers, their members, and the coaching sessions held in them.
-- Circles are archived (never deleted) when their last member leaves, so the record
-- of sessions held stays consistent.
CREATE TABLE circles (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    cadence      TEXT NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    -- The secret in the invite link; replaced when a host rotates it.
    invite_token TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    archived_at  INTEGER
) STRICT;

CREATE TABLE circle_members (
    circle_id  TEXT NOT NULL REFERENCES circles (id),
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('host', 'member')),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (circle_id, account_id)
) STRICT;
CREATE INDEX circle_members_by_account ON circle_members (account_id);

-- One pair's coaching session. Only metadata lives here; notes and commitments,
-- which only the two participants may read, get their own tables.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    circle_id   TEXT NOT NULL REFERENCES circles (id),
    coach_id    TEXT NOT NULL REFERENCES accounts (id),
    coachee_id  TEXT NOT NULL REFERENCES accounts (id),
    status      TEXT NOT NULL CHECK (status IN ('planned', 'live', 'done', 'abandoned')),
    -- Day the pair plans to meet (Unix seconds at 00:00 UTC), when they named one.
    planned_for INTEGER,
    created_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    CHECK (coach_id <> coachee_id)
) STRICT;
CREATE INDEX sessions_by_circle ON sessions (circle_id, created_at);
CREATE INDEX sessions_by_coach ON sessions (coach_id);
CREATE INDEX sessions_by_coachee ON sessions (coachee_id);
