-- Passenger data: each airline message ingested, whole, and the alerts
-- its screening raised. A manifest is personal data: it is owned by the
-- agency that ingested it and released to the destination country.
CREATE TABLE manifests (
	id              TEXT PRIMARY KEY,
	kind            TEXT NOT NULL,
	received_at     BIGINT NOT NULL,
	operation_id    TEXT,
	owner_agency    TEXT NOT NULL,
	arrival_country TEXT NOT NULL,
	flight          TEXT NOT NULL,
	flight_date     TEXT NOT NULL,
	travellers      INTEGER NOT NULL,
	body            TEXT NOT NULL
);
CREATE INDEX manifests_received ON manifests (received_at);
CREATE INDEX manifests_arrival ON manifests (arrival_country, id);
CREATE INDEX manifests_operation ON manifests (operation_id, id);

-- alerts is the destination's alert queue: one row per traveller flagged
-- by a watchlist hit or a risk rule.
CREATE TABLE alerts (
	id              TEXT PRIMARY KEY,
	created_at      BIGINT NOT NULL,
	manifest_id     TEXT NOT NULL REFERENCES manifests (id),
	operation_id    TEXT,
	country         TEXT NOT NULL,
	severity        INTEGER NOT NULL,
	status          TEXT NOT NULL,
	body            TEXT NOT NULL
);
CREATE INDEX alerts_country ON alerts (country, status, id);
CREATE INDEX alerts_manifest ON alerts (manifest_id);
