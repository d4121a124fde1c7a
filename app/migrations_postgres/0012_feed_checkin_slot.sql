-- The calendar feed's optional weekly check-in event, in its owner's own time zone:
-- whether it is in the feed, its ISO weekday (1 = Monday) and minutes after
-- midnight, when it was last chosen (the first occurrence is the first such slot
-- from that day on), and its SEQUENCE, raised with every change so calendar apps
-- replace the copy they hold.
-- `checkin_in_feed` is BOOLEAN on PostgreSQL (0/1 INTEGER on SQLite).
ALTER TABLE calendar_feeds ADD COLUMN checkin_in_feed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE calendar_feeds ADD COLUMN checkin_weekday BIGINT NOT NULL DEFAULT 1
    CHECK (checkin_weekday BETWEEN 1 AND 7);
ALTER TABLE calendar_feeds ADD COLUMN checkin_minute BIGINT NOT NULL DEFAULT 540
    CHECK (checkin_minute BETWEEN 0 AND 1439);
ALTER TABLE calendar_feeds ADD COLUMN checkin_chosen_at BIGINT;
ALTER TABLE calendar_feeds ADD COLUMN checkin_sequence BIGINT NOT NULL DEFAULT 0;
