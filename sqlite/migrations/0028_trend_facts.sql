-- Trend facts (issue 14): what each field report that carries figures
-- (rescue, migrants, arrest, raid, interception, flight) adds to the
-- trends, small enough to read a year of them within a request: the day
-- it occurred (indexed, so a period reads only its reports) and the
-- fields the series count, as JSON. Access is never decided here: a read
-- joins records and applies the reader's scope to the record the row
-- comes from, so a change of release applies at once. The row is written
-- with the report in the same transaction and deleted with it.
CREATE TABLE trend_facts (
	record_id    TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
	operation_id TEXT,
	occurred_at  BIGINT NOT NULL,
	facts        TEXT NOT NULL
);
CREATE INDEX trend_facts_operation ON trend_facts (operation_id, occurred_at);
CREATE INDEX trend_facts_occurred ON trend_facts (occurred_at);

-- Reports stored before this migration are read in Go when the store next
-- opens, in batches after the id this row holds; the row is deleted when
-- done.
INSERT INTO store_meta (key, value) VALUES ('trend_facts_backfill', '');
