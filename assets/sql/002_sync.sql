-- 002_sync: what this device has seen of every other device, for conflict
-- detection. A bundle's manifest carries the sender's rows of this table
-- ("seen DEVICE REV"): a local change with a revision above what the sender
-- had seen of its device was made after they last synced.
CREATE TABLE sync_seen (
  origin  TEXT PRIMARY KEY,   -- a device id
  max_rev INTEGER NOT NULL    -- highest revision of that device imported here
) WITHOUT ROWID;
