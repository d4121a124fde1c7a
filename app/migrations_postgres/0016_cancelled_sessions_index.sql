-- The mail sender looks for newly cancelled sessions every minute: a small index of
-- the cancelled ones by when, instead of reading every session ever held.
CREATE INDEX sessions_cancelled ON sessions (ended_at) WHERE cancelled IS NOT NULL;
