-- Which browsers may still act as this account: each browser session records the
-- account's epoch when it signs in, and is valid only while they match. Raising it
-- (on a password change, or "sign out everywhere else") signs out every other browser
-- at once, without needing to find the session store's opaque rows.
ALTER TABLE accounts ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
