-- Results: what field reports add to their operation's figures, kept as
-- counters by day and country in the same transaction as the report, so
-- that an operation's results never scan its reports.
CREATE TABLE operation_counts (
	operation_id TEXT NOT NULL,
	day          TEXT NOT NULL,
	country      TEXT NOT NULL,
	metric       TEXT NOT NULL,
	n            BIGINT NOT NULL,
	PRIMARY KEY (operation_id, day, country, metric)
);
