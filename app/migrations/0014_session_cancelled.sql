-- Why a planned session was called off before it began, so its room can say so: one
-- of the pair cancelled it, or one of them left the circle. Empty for every other
-- session, including live ones left with nobody in them.
ALTER TABLE sessions ADD COLUMN cancelled TEXT
    CHECK (cancelled IN ('by_coach', 'by_coachee', 'member_left'));
