-- Cross-border links (issue 12). A proposal is one row per pair of
-- records, keyed by the normalised pair (a_id < b_id), whatever record
-- arrived first: the engine's score and evidence, the digest of the
-- evidence that agrees, and its state. Each end keeps the access columns
-- of its record as the engine saw it (for filters); who may read an end
-- is decided at read time against records, never from these columns.
CREATE TABLE links (
	id              TEXT PRIMARY KEY,
	a_id            TEXT NOT NULL,
	a_kind          TEXT NOT NULL,
	a_owner_agency  TEXT NOT NULL,
	a_owner_country TEXT NOT NULL,
	a_operation_id  TEXT NOT NULL DEFAULT '',
	b_id            TEXT NOT NULL,
	b_kind          TEXT NOT NULL,
	b_owner_agency  TEXT NOT NULL,
	b_owner_country TEXT NOT NULL,
	b_operation_id  TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	score           DOUBLE PRECISION NOT NULL,
	-- What the evidence shows: same_person, network or same_document.
	relation        TEXT NOT NULL DEFAULT '',
	evidence        TEXT NOT NULL,
	digest          TEXT NOT NULL,
	-- The digest of the evidence a rejection was made on: the pair is
	-- proposed again only for other evidence.
	rejected_digest TEXT NOT NULL DEFAULT '',
	created_at      BIGINT NOT NULL,
	updated_at      BIGINT NOT NULL,
	UNIQUE (a_id, b_id)
);
CREATE INDEX links_b ON links (b_id, a_id);
CREATE INDEX links_state ON links (state, id);

-- Every decision on a link, kept: who, when, what and why.
CREATE TABLE link_judgements (
	id       TEXT PRIMARY KEY,
	link_id  TEXT NOT NULL REFERENCES links (id) ON DELETE CASCADE,
	decision TEXT NOT NULL,
	reason   TEXT NOT NULL DEFAULT '',
	by_user  TEXT NOT NULL,
	agency   TEXT NOT NULL DEFAULT '',
	at       BIGINT NOT NULL
);
CREATE INDEX link_judgements_link ON link_judgements (link_id, id);

-- The changes the linking worker has stored the proposals of: delivery
-- is at least once, so a change seen again is skipped.
CREATE TABLE link_runs (
	change_key TEXT PRIMARY KEY,
	at         BIGINT NOT NULL
);

-- Clusters: the connected components of confirmed links, kept
-- incrementally (merged on confirmation, split on revocation).
CREATE TABLE cluster_members (
	record_id  TEXT PRIMARY KEY,
	cluster_id TEXT NOT NULL
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id, record_id);

-- What a user follows: a record, a case or an operation.
CREATE TABLE subscriptions (
	user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	target_kind TEXT NOT NULL,
	target_id   TEXT NOT NULL,
	created_at  BIGINT NOT NULL,
	PRIMARY KEY (user_id, target_kind, target_id)
);
CREATE INDEX subscriptions_target ON subscriptions (target_kind, target_id);

-- The inbox: a notification to one user (a subscription) or to an
-- agency's readers (the owner of a linked record). It names the link; what
-- the reader sees of it is decided when it is read.
CREATE TABLE notifications (
	id          TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL DEFAULT '',
	agency_id   TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	link_id     TEXT NOT NULL,
	target_kind TEXT NOT NULL DEFAULT '',
	target_id   TEXT NOT NULL DEFAULT '',
	by_agency   TEXT NOT NULL DEFAULT '',
	dedup       TEXT NOT NULL UNIQUE,
	at          BIGINT NOT NULL,
	read_at     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_agency ON notifications (agency_id, id);

-- The row that serialises cluster changes across instances: a merge and
-- a split of overlapping clusters must not interleave.
INSERT INTO store_meta (key, value) VALUES ('link_clusters', '');
