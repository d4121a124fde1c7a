-- The live session room: which script a session follows (pinned to a version, so an
-- edit made mid-session changes nothing for the pair), where it is, and its clock.
-- The server owns the clock: a step's time is `step_elapsed_ms` banked before the
-- current running stretch plus (now - `step_started_ms`) while not paused.
ALTER TABLE sessions ADD COLUMN script_id TEXT REFERENCES scripts (id);
ALTER TABLE sessions ADD COLUMN script_version INTEGER;
ALTER TABLE sessions ADD COLUMN topic TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN step_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN step_started_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN step_elapsed_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
-- Counts every change, so screens can ignore an older state arriving late.
ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- When someone last had the room open or acted in it; after 2 hours with nobody
-- there, a live session counts as abandoned.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;

-- Per step: the time spent on it and the shared note, with a version number so a
-- save made from an older version is refused instead of overwriting.
CREATE TABLE session_steps (
    session_id   TEXT NOT NULL REFERENCES sessions (id),
    step_index   INTEGER NOT NULL,
    spent_ms     INTEGER NOT NULL DEFAULT 0,
    shared_note  TEXT NOT NULL DEFAULT '',
    note_version INTEGER NOT NULL DEFAULT 0,
    note_by      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    PRIMARY KEY (session_id, step_index)
) STRICT;

-- Only ever read for their author.
CREATE TABLE private_notes (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    step_index INTEGER NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, step_index, account_id)
) STRICT;

-- What the coachee commits to at the end of a session; followed up in the pair's
-- later sessions.
CREATE TABLE commitments (
    id         TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    body       TEXT NOT NULL,
    -- Unix seconds at 00:00 UTC of the due day.
    due_on     INTEGER,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at INTEGER NOT NULL,
    closed_at  INTEGER
) STRICT;
CREATE INDEX commitments_by_session ON commitments (session_id);

-- The reciprocal session started with "swap roles", so both screens can follow it and
-- a second click opens the same one instead of starting another.
ALTER TABLE sessions ADD COLUMN swapped_to TEXT REFERENCES sessions (id);
