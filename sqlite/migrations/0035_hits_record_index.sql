-- 0035: no query reads hits by record (the inbox reads by owner, the
-- checker's list by checker, a hit by id), so the index on record_id
-- only cost every hit a fourth B-tree insert (issue 10: compact hit rows).
DROP INDEX hits_record;
