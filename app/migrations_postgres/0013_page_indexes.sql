-- The circle page lists the behaviours of its circle (and the built-in ones): without
-- an index on circle_id that read every behaviour of every circle.
CREATE INDEX behaviours_by_circle ON behaviours (circle_id);
