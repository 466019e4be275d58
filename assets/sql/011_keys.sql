-- 011_keys: this device's key pairs (Ed25519 for signing bundles, X25519
-- for opening bundles sealed to it), the public keys of the peers it has
-- pinned, and the last bundle taken from each device (replays refused).
-- The pairs themselves are made by the program at the first open after
-- this migration (SQL has no Ed25519): an existing station enrols without
-- losing data. Private keys leave the database only in a passphrase-
-- protected backup (fieldbook key backup).
CREATE TABLE device_keys (
  id           INTEGER PRIMARY KEY,
  sign_pk      BLOB NOT NULL CHECK (length(sign_pk) = 32),
  sign_sk      BLOB NOT NULL CHECK (length(sign_sk) = 64),
  box_pk       BLOB NOT NULL CHECK (length(box_pk) = 32),
  box_sk       BLOB NOT NULL CHECK (length(box_sk) = 32),
  created_at   TEXT NOT NULL,
  retired_at   TEXT,                 -- NULL: the current pair (one at most)
  prev_sign_pk BLOB,                 -- the pair this one replaced (rotation)
  rotation_sig BLOB                  -- that pair's signature over this one's public keys
);
CREATE UNIQUE INDEX device_keys_current ON device_keys (retired_at IS NULL)
  WHERE retired_at IS NULL;

-- A peer's public keys. kind: 'station' (one group's laptop, group_uuid set)
-- or 'hq'. pinned_by says how a person came to trust them: 'fingerprint'
-- (compared by a person), 'kit' (the station kit's passphrase), 'rotation'
-- (a rotation record signed by the key pinned before, rotated_from).
-- Retired keys stay, to verify bundles signed before the rotation.
CREATE TABLE peer_keys (
  id           INTEGER PRIMARY KEY,
  device       TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('station', 'hq')),
  group_uuid   TEXT NOT NULL DEFAULT '',
  sign_pk      BLOB NOT NULL CHECK (length(sign_pk) = 32),
  box_pk       BLOB NOT NULL CHECK (length(box_pk) = 32),
  pinned_by    TEXT NOT NULL CHECK (pinned_by IN ('fingerprint', 'kit', 'rotation')),
  pinned_at    TEXT NOT NULL,
  rotated_from INTEGER REFERENCES peer_keys(id),
  retired_at   TEXT,
  UNIQUE (device, sign_pk)
);
CREATE INDEX peer_keys_group ON peer_keys(kind, group_uuid) WHERE retired_at IS NULL;

-- The last bundle imported from each device: a bundle with a lower
-- sequence number is an older one replayed.
CREATE TABLE bundle_seq (
  device    TEXT PRIMARY KEY,
  last_seq  INTEGER NOT NULL,
  bundle_id TEXT NOT NULL,
  seen_at   TEXT NOT NULL
) WITHOUT ROWID;
