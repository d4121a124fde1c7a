-- Scripts and their immutable versions. A built-in script has no circle and a
-- builtin_key by which seeding finds it again on every start.
CREATE TABLE scripts (
    id              TEXT PRIMARY KEY NOT NULL,
    circle_id       TEXT REFERENCES circles (id),
    builtin_key     TEXT UNIQUE,
    current_version BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    archived_at     BIGINT,
    CHECK ((circle_id IS NULL) <> (builtin_key IS NULL))
);
CREATE INDEX scripts_by_circle ON scripts (circle_id);

-- Each saved edit adds a row; rows are never updated, so a session that pinned a
-- version always shows what the pair followed. `steps` is the JSON array of steps.
CREATE TABLE script_versions (
    script_id   TEXT NOT NULL REFERENCES scripts (id),
    version     BIGINT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    steps       JSONB NOT NULL,
    author_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (script_id, version)
);

-- Two of SQLite's JSON functions, as the queries use them on `steps` (JSONB here, JSON
-- text on SQLite), so the same query text runs on each (app/src/db/dialect.rs).
-- json_array_length: how many steps a version has, as a BIGINT like SQLite's.
CREATE FUNCTION json_array_length(doc JSONB) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT CAST(jsonb_array_length(doc) AS BIGINT) $$;
-- json_extract(doc, '$[N].key'): the subset of SQLite's path syntax the queries use.
CREATE FUNCTION json_extract(doc JSONB, path TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT doc #>> string_to_array(regexp_replace(path, '^\$\[?|\]', '', 'g'), '.') $$;
