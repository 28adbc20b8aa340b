-- The audit log as a verifiable log (docs/audit-format.md): a Merkle
-- tree over the entries, whose stored hashes (tlog's numbering) give
-- inclusion and consistency proofs, and checkpoints that are signed notes
-- stating the tree's size and root.
CREATE TABLE audit_tree (
	idx  BIGINT PRIMARY KEY,
	hash TEXT NOT NULL
);

-- tree_size is how many entries the tree holds (the head's seq once every
-- entry written before this migration was added); root is the base64 tree
-- hash the head's note states; last_cp the latest stored checkpoint, which
-- the next signed statement names as the one before it.
ALTER TABLE audit_head ADD COLUMN tree_size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN root TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN prev BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN last_cp BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_checkpoints ADD COLUMN root TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_checkpoints ADD COLUMN prev BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_checkpoints ADD COLUMN note TEXT NOT NULL DEFAULT '';
UPDATE audit_head SET last_cp = (SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoints);

-- A list page is one entry naming every record listed (records, JSON
-- [{"id","owner"}], covered by the entry's hash); audit_records indexes
-- them so that a record's trail finds the lists that showed it.
ALTER TABLE audit_entries ADD COLUMN records TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_records (
	record_id TEXT NOT NULL,
	seq       BIGINT NOT NULL,
	owner     TEXT NOT NULL,
	PRIMARY KEY (record_id, seq)
);
CREATE INDEX audit_records_owner ON audit_records (owner, seq);
