-- A host of the circle may call off a planned session of two of its members (the host
-- plans the rounds, so a wrong day is theirs to take back): 'by_host'. SQLite cannot
-- change a column's CHECK in place, so the column is made again with the new one and
-- its values copied, and the index of cancelled sessions (0015) made again on it.
ALTER TABLE sessions ADD COLUMN cancelled_why TEXT
    CHECK (cancelled_why IN ('by_coach', 'by_coachee', 'member_left', 'by_host'));
UPDATE sessions SET cancelled_why = cancelled WHERE cancelled IS NOT NULL;
DROP INDEX sessions_cancelled;
ALTER TABLE sessions DROP COLUMN cancelled;
ALTER TABLE sessions RENAME COLUMN cancelled_why TO cancelled;
CREATE INDEX sessions_cancelled ON sessions (ended_at) WHERE cancelled IS NOT NULL;
