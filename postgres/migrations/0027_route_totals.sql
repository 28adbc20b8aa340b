-- Route totals (issue 14): the route cells summed per release scope, so
-- that the routes of a year read tens of thousands of rows, not every
-- report's cells. A release scope is what decides who reads a record
-- (policy.CanRead): its owner agency, its operation, its release scope and,
-- when listed, the agencies and countries listed. Every record of a scope
-- is readable by exactly the same people, so a reader sums the totals of
-- the scopes it may read, decided at read time (as for records, so a change
-- of an operation's participants applies at once). The totals move in the
-- transaction that writes, updates or deletes the report.
CREATE TABLE route_scopes (
	id           TEXT PRIMARY KEY,
	owner_agency TEXT NOT NULL,
	operation_id TEXT NOT NULL,
	scope        TEXT NOT NULL
);
CREATE INDEX route_scopes_operation ON route_scopes (operation_id);

CREATE TABLE route_scope_releases (
	scope_id TEXT NOT NULL REFERENCES route_scopes (id) ON DELETE CASCADE,
	kind     TEXT NOT NULL,
	value    TEXT NOT NULL,
	PRIMARY KEY (scope_id, kind, value)
);

-- route_key joins the cell's dimensions (kind, nationality, origin,
-- transit, destination, sex, age band, forms of exploitation) with U+001F.
CREATE TABLE route_totals (
	scope_id  TEXT NOT NULL REFERENCES route_scopes (id) ON DELETE CASCADE,
	route_key TEXT NOT NULL,
	n         BIGINT NOT NULL,
	PRIMARY KEY (scope_id, route_key)
);

-- A period's cells are still read one by one, by time.
CREATE INDEX route_cells_time ON route_cells (occurred_at);

-- The totals of the cells already stored are computed in Go when the
-- store next opens; the row is deleted when done.
INSERT INTO store_meta (key, value) VALUES ('route_totals_backfill', '');
