-- Behaviours managers want to model, their weekly self-ratings, and what peers saw.
-- A behaviour is built in (a stable key, seeded on every start) or belongs to a
-- circle, never both.
CREATE TABLE behaviours (
    id          TEXT PRIMARY KEY NOT NULL,
    builtin_key TEXT UNIQUE,
    circle_id   TEXT REFERENCES circles (id),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    -- JSON array of the five anchored labels, for ratings 1 to 5.
    anchors     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK ((builtin_key IS NULL) <> (circle_id IS NULL))
) STRICT;

-- Which behaviours each manager tracks (3 to 8, checked by the server).
CREATE TABLE tracked_behaviours (
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    behaviour_id TEXT NOT NULL REFERENCES behaviours (id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (account_id, behaviour_id)
) STRICT;

-- One check-in per manager and ISO week ("2026-W48", in the manager's time zone).
CREATE TABLE checkins (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    week       TEXT NOT NULL,
    reflection TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, week)
) STRICT;

CREATE TABLE checkin_ratings (
    checkin_id   TEXT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    behaviour_id TEXT NOT NULL REFERENCES behaviours (id),
    rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    evidence     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (checkin_id, behaviour_id)
) STRICT;

-- What a circle peer saw someone model: at most one per peer, behaviour and week.
CREATE TABLE peer_views (
    id           TEXT PRIMARY KEY NOT NULL,
    subject_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    author_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    behaviour_id TEXT NOT NULL REFERENCES behaviours (id),
    week         TEXT NOT NULL,
    rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    UNIQUE (subject_id, author_id, behaviour_id, week),
    CHECK (subject_id <> author_id)
) STRICT;
CREATE INDEX peer_views_by_subject ON peer_views (subject_id, week);
