-- 012_hq: headquarters (市总工会) as a place of its own.
--
-- Which database is headquarters' is a setting (meta site = 'hq', with the
-- federation's and department's names beside it): HQ's staff have no group
-- and an HQ database may hold no group yet. What is stored here is what the
-- HQ home and the conflict screens need.

-- A conflict is settled by a person: who, when and how (choice 'kept': the
-- version in force stays; 'taken': the other version replaced it, as a new
-- revision that travels). resolved (001) stays the flag lists read.
-- settled_by is a people.id (no foreign-key clause: a column with one could
-- never be dropped again, which the reliability tests do to make an old schema).
ALTER TABLE sync_conflicts ADD COLUMN settled_by INTEGER;
ALTER TABLE sync_conflicts ADD COLUMN settled_at TEXT;
ALTER TABLE sync_conflicts ADD COLUMN choice TEXT NOT NULL DEFAULT '';
-- "This record has an open conflict", asked by a record's screen.
CREATE INDEX sync_conflicts_uuid ON sync_conflicts(uuid, resolved);

-- The HQ home reads each group's newest bundle (max created_at per group):
-- sync_imports_group (001) answers it from the index.
