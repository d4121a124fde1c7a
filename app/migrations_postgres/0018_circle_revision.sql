-- A circle's name, purpose and rhythm can be changed by its hosts after it is made.
-- Each change names the revision the host's page showed, so a change made over another
-- host's newer one is refused, never silently overwritten.
ALTER TABLE circles ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
