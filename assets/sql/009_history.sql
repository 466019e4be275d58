-- 009_history: every change of a record, who made it and what was there
-- before (src/core/history.c writes it; packaging/fieldbook-bundle.5 has the
-- bundle's history.csv).
--
-- One row per changed field of an edit (op 'update': field, old_value,
-- new_value), one per insert, delete (tombstone) and undelete (field '').
-- References are kept as the other record's uuid, codes as codes, numbers
-- and dates as their text; nothing is NULL ('' for no value).
--
-- Each device numbers its own entries (seq 1, 2, ...) and chains them:
-- hash is BLAKE2b-256 (libsodium crypto_generichash) over the entry's
-- fields, each as a 4-byte big-endian length and its bytes, ending with
-- prev_hash, the hash of the device's entry seq - 1 ('' for seq 1). An
-- entry changed or removed afterwards breaks the chain: the import and
-- `fieldbook verify` find it. Entries travel in bundles as they are
-- (origin device, seq and hash never change on the way).
CREATE TABLE history (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  device      TEXT NOT NULL,            -- the device the change was made on
  seq         INTEGER NOT NULL,         -- that device's entry number, from 1
  rev         INTEGER NOT NULL,         -- revision (for incremental bundles)
  at          TEXT NOT NULL,            -- when, UTC
  actor_uuid  TEXT NOT NULL DEFAULT '', -- the acting person, '' for nobody
  actor_name  TEXT NOT NULL DEFAULT '', -- their name at the time
  group_uuid  TEXT NOT NULL DEFAULT '', -- the record's work group, '' if none
  tbl         TEXT NOT NULL,            -- logs, tickets, reports, people, targets
  record_uuid TEXT NOT NULL,
  op          TEXT NOT NULL,            -- insert, update, delete, undelete
  field       TEXT NOT NULL DEFAULT '',
  old_value   TEXT NOT NULL DEFAULT '',
  new_value   TEXT NOT NULL DEFAULT '',
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE UNIQUE INDEX history_chain ON history(device, seq);
-- One record's history, a keyset page at a time, in order of time.
CREATE INDEX history_record ON history(record_uuid, at, id);
CREATE INDEX history_rev ON history(rev);

-- History is evidence: fieldbook never changes or removes an entry.
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Chains this database received whole from their device (a bundle's chain
-- head marked whole): every entry 1..whole_to of that device must be here.
CREATE TABLE history_chains (
  device   TEXT PRIMARY KEY,
  whole_to INTEGER NOT NULL
) WITHOUT ROWID;
