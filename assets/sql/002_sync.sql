-- 002_sync: what this device has seen of every other device, for conflict
-- detection. A bundle's manifest carries the sender's rows of this table
-- ("seen DEVICE REV"): a local change with a revision above what the sender
-- had seen of its device was made after they last synced.
CREATE TABLE sync_seen (
  origin  TEXT PRIMARY KEY,   -- a device id
  max_rev INTEGER NOT NULL    -- highest revision of that device imported here
) WITHOUT ROWID;

-- The SHA-256 of the imported bundle's manifest: a bundle seen before with
-- the same manifest (hence, checksums verified, the same files) was already
-- validated whole, so re-importing it can skip the duplicate-uuid pass.
ALTER TABLE sync_imports ADD COLUMN manifest_sha256 TEXT NOT NULL DEFAULT '';
