-- 0014: compact audit entries for checks (issue 10). The checks without a
-- hit that one user makes in one group-commit batch are one entry that
-- says how many they were (times; 0 for an entry that is one event,
-- which every entry written before this migration is). The count is part
-- of the entry's signed encoding (docs/audit-format.md, field 14).
ALTER TABLE audit_entries ADD COLUMN times BIGINT NOT NULL DEFAULT 0;
