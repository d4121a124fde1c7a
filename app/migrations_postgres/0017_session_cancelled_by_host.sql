-- A host of the circle may call off a planned session of two of its members (the host
-- plans the rounds, so a wrong day is theirs to take back): 'by_host'.
ALTER TABLE sessions DROP CONSTRAINT sessions_cancelled_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_cancelled_check
    CHECK (cancelled IN ('by_coach', 'by_coachee', 'member_left', 'by_host'));
