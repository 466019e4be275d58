-- 010_devices: the devices this database has received bundles from, for the
-- import lanes (fieldbook-bundle(5), LANES). A device is bound to the lane of
-- its first bundle: one work group (group_uuid) or headquarters (is_hq); a
-- later bundle from it that claims another lane is refused. Revisions are
-- hybrid logical clocks (milliseconds << 16 | counter).
CREATE TABLE devices (
  device          TEXT PRIMARY KEY,        -- the manifest's source_device
  group_uuid      TEXT NOT NULL DEFAULT '', -- work_groups.uuid of its group, '' for HQ
  is_hq           INTEGER NOT NULL DEFAULT 0, -- 1: it sends for headquarters
  first_seen      TEXT NOT NULL,           -- when its first bundle was imported here
  last_seen       TEXT NOT NULL,           -- when its last bundle was imported here
  max_rev         INTEGER NOT NULL DEFAULT 0, -- highest revision of its own accepted here
  max_seen        INTEGER NOT NULL DEFAULT 0, -- highest `seen` it declared for itself (its clock)
  last_bundle_at  TEXT NOT NULL DEFAULT '', -- created_at of the newest bundle accepted from it
  clone_suspected INTEGER NOT NULL DEFAULT 0, -- 1: two laptops seem to share its id
  clone_note      TEXT NOT NULL DEFAULT ''  -- why (when it was detected, what was seen)
) WITHOUT ROWID;

-- The losing side of a conflict as a person recognises it ("问题清单 12
-- 《宏达机械加班费》", "2026-11-20 王伟的日记录"), not a UUID.
ALTER TABLE sync_conflicts ADD COLUMN what TEXT NOT NULL DEFAULT '';
