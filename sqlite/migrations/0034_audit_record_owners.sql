-- The record index of list entries in two tables (issue 10, the mixed
-- load): audit_records names each listed record once an entry, and
-- audit_record_owners each owner once an entry, where every index row
-- carried its record's owner before. A page of 100 records of one to
-- three owners was 100 rows in two B-trees (the key and the owner
-- index); it is now 100 rows in one and one to three in another. On
-- SQLite the tables are WITHOUT ROWID: the primary key is the table.
CREATE TABLE audit_record_owners (
	owner TEXT NOT NULL,
	seq   BIGINT NOT NULL,
	PRIMARY KEY (owner, seq)
) WITHOUT ROWID;
INSERT INTO audit_record_owners (owner, seq) SELECT DISTINCT owner, seq FROM audit_records;
CREATE TABLE audit_record_ids (
	record_id TEXT NOT NULL,
	seq       BIGINT NOT NULL,
	PRIMARY KEY (record_id, seq)
) WITHOUT ROWID;
INSERT INTO audit_record_ids (record_id, seq) SELECT record_id, seq FROM audit_records;
DROP TABLE audit_records;
ALTER TABLE audit_record_ids RENAME TO audit_records;
