-- 017_seal: personal data sealed at rest (src/core/seal.c).
--
-- Local tables only: they never travel in bundles (each database has its
-- own data key; bundles carry personal fields opened, inside their own
-- encryption to the recipient device).
--
-- seal_key: one row when the database has its data key (32 random bytes,
-- never stored): check is a keyed BLAKE2b of a fixed text under that key,
-- so an opened grant is known to be this database's key.
CREATE TABLE seal_key (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  "check" BLOB NOT NULL,
  made_at TEXT NOT NULL
);
-- person_keys: a person's X25519 key pair (crypto_box); the secret key is
-- kept in secret_box (crypto_secretbox_easy, nonce) under a key derived
-- from their password or PIN by crypto_pwhash (argon2id, salt).
CREATE TABLE person_keys (
  person_id  INTEGER PRIMARY KEY,
  public_key BLOB NOT NULL,
  salt       BLOB NOT NULL,
  nonce      BLOB NOT NULL,
  secret_box BLOB NOT NULL
);
-- data_key_grants: the data key sealed to a person's public key
-- (crypto_box_seal). A person with a key pair and no grant is waiting for
-- a key holder's next sign-in (a pending grant).
CREATE TABLE data_key_grants (
  person_id INTEGER PRIMARY KEY,
  sealed    BLOB NOT NULL
);
