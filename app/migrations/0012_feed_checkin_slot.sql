-- The calendar feed's optional weekly check-in event, in its owner's own time zone:
-- whether it is in the feed, its ISO weekday (1 = Monday) and minutes after
-- midnight, when it was last chosen (the first occurrence is the first such slot
-- from that day on), and its SEQUENCE, raised with every change so calendar apps
-- replace the copy they hold.
ALTER TABLE calendar_feeds ADD COLUMN checkin_in_feed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calendar_feeds ADD COLUMN checkin_weekday INTEGER NOT NULL DEFAULT 1
    CHECK (checkin_weekday BETWEEN 1 AND 7);
ALTER TABLE calendar_feeds ADD COLUMN checkin_minute INTEGER NOT NULL DEFAULT 540
    CHECK (checkin_minute BETWEEN 0 AND 1439);
ALTER TABLE calendar_feeds ADD COLUMN checkin_chosen_at INTEGER;
ALTER TABLE calendar_feeds ADD COLUMN checkin_sequence INTEGER NOT NULL DEFAULT 0;
