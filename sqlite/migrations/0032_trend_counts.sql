-- Trend counts (issue 14): the trends' series summed per release scope
-- (route_scopes, migration 0027: every record of a scope is readable by
-- exactly the same people) and per day, so that a year's trends read a row
-- per scope and day, not every report. A reader sums the rows of the
-- scopes it may read, decided at read time as for records (a change of an
-- operation's participants applies at once). A row holds the day's cells
-- of every series of the scope: per series (metric, dimension, key) the
-- people or reports counted and how many reports count there, so that a
-- series counted by reports adding zero still shows. The row moves in the
-- transaction that writes, updates or deletes the report, by what the
-- report's trend facts (kept with the scope they were added to) say.
CREATE TABLE trend_counts (
	scope_id TEXT NOT NULL REFERENCES route_scopes (id) ON DELETE CASCADE,
	day      BIGINT NOT NULL,
	counts   TEXT NOT NULL,
	PRIMARY KEY (scope_id, day)
);

-- The scope a report's facts were added to, so that they are taken off
-- the same scope whatever its release has become.
ALTER TABLE trend_facts ADD COLUMN scope_id TEXT;

-- The counts of the reports already stored are computed in Go when the
-- store next opens; the row is deleted when done.
INSERT INTO store_meta (key, value) VALUES ('trend_counts_backfill', '');
