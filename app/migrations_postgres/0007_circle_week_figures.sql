-- A circle's check-in figure for a closed week, kept as it was first computed. Were it
-- recomputed, someone joining, leaving or deleting their account afterwards would move
-- it, and the difference would give away that one person's ratings.
CREATE TABLE circle_week_figures (
    circle_id    TEXT NOT NULL REFERENCES circles (id),
    week         TEXT NOT NULL,
    -- Never shown: only compared with the minimum before the figure is shown.
    contributors BIGINT NOT NULL,
    average      DOUBLE PRECISION,
    PRIMARY KEY (circle_id, week)
);
