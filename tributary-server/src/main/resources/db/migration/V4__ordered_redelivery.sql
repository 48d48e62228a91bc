-- Redelivered deliveries are sent one after another per callback URL, oldest first (SPEC 2.7),
-- while fresh deliveries go out concurrently.
ALTER TABLE deliveries ADD COLUMN in_order INTEGER NOT NULL DEFAULT 0;
