/* seal_keys.c - the data key's life (seal.h): key pairs wrapped under
 * people's secrets, grants, pending grants, legacy values sealed.
 *
 * A person's wrapping key is crypto_pwhash (argon2id, auth.c's limits) of
 * their secret with the salt of their person_keys row; their X25519 secret
 * key is kept in a crypto_secretbox under it. The data key is granted as
 * crypto_box_seal to their public key. Every secret in memory is zeroed
 * before it goes out of scope; the held data key lives in sodium_malloc'ed
 * read-only memory (seal.c). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "internal.h"
#include "seal_impl.h"

#define PK crypto_box_PUBLICKEYBYTES
#define SK crypto_box_SECRETKEYBYTES
#define SALT crypto_pwhash_SALTBYTES
#define WNONCE crypto_secretbox_NONCEBYTES
#define BOX (crypto_secretbox_MACBYTES + SK)
#define GRANT (crypto_box_SEALBYTES + FB_SEAL_KEY)

/* The personal columns: table, column, the column's name sealed with. */
static const struct {
	const char *table, *column, *name;
} personal[] = {
	{"workers", "name", "workers.name"},
	{"workers", "phone", "workers.phone"},
	{"workers", "id_number", "workers.id_number"},
	{"workers", "raised", "workers.raised"},
	{"contacts", "name", "contacts.name"},
	{"contacts", "phone", "contacts.phone"},
	{"contacts", "id_number", "contacts.id_number"},
	{"units", "contact_person", "units.contact_person"},
	{"units", "contact_phone", "units.contact_phone"},
	{"contact_sheets", "met_with", "contact_sheets.met_with"},
	{"tickets", "raised_by", "tickets.raised_by"},
	{"contact_points", "liaison_name", "contact_points.liaison_name"},
	{"contact_points", "liaison_phone", "contact_points.liaison_phone"},
};

/* A person's key pair row. */
typedef struct pair {
	unsigned char pk[PK], salt[SALT], nonce[WNONCE], box[BOX];
} pair;

static fb_status ready(fb_error *err)
{
	if (sodium_init() < 0)
		return fb_error_set(err, FB_EIO, NULL, _("the cryptography library cannot start"));
	return FB_OK;
}

/* The wrapping key of secret with salt. */
static fb_status wrap_key(const char *secret, const unsigned char salt[SALT],
                          unsigned char key[crypto_secretbox_KEYBYTES], fb_error *err)
{
	if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, secret, strlen(secret), salt,
	                  FB_SEAL_OPSLIMIT, FB_SEAL_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return fb_error_set(err, FB_ENOMEM, NULL,
		                    _("not enough memory to protect the password"));
	return FB_OK;
}

/* Copy blob column col into out if it has exactly n bytes; 1 if it did. */
static int blob(sqlite3_stmt *s, int col, unsigned char *out, size_t n)
{
	if ((size_t)sqlite3_column_bytes(s, col) != n)
		return 0;
	memcpy(out, sqlite3_column_blob(s, col), n);
	return 1;
}

/* person_id's key pair into *p: 1 found, 0 none (or damaged), -1 error. */
static int pair_load(fb_store *st, int64_t person_id, pair *p, fb_error *err)
{
	sqlite3_stmt *s =
		fb_store_stmt(st,
	                      "SELECT public_key, salt, nonce, secret_box FROM person_keys "
	                      "WHERE person_id = ?1",
	                      err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, person_id);
	int row = fb_store_step(st, s, err);
	if (row > 0)
		row = blob(s, 0, p->pk, PK) && blob(s, 1, p->salt, SALT) &&
		      blob(s, 2, p->nonce, WNONCE) && blob(s, 3, p->box, BOX);
	sqlite3_reset(s);
	return row;
}

/* Write p as person_id's key pair (one statement). */
static fb_status pair_store(fb_store *st, int64_t person_id, const pair *p, fb_error *err)
{
	sqlite3_stmt *s =
		fb_store_stmt(st,
	                      "INSERT OR REPLACE INTO person_keys (person_id, public_key, "
	                      "salt, nonce, secret_box) VALUES (?1, ?2, ?3, ?4, ?5)",
	                      err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_blob(s, 2, p->pk, PK, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, p->salt, SALT, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, p->nonce, WNONCE, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, p->box, BOX, SQLITE_STATIC);
	return fb_step_done(st, s, err);
}

/* Wrap sk into p under wkey (p->salt already the salt of wkey). */
static void pair_wrap(pair *p, const unsigned char sk[SK], const unsigned char *wkey)
{
	randombytes_buf(p->nonce, WNONCE);
	crypto_secretbox_easy(p->box, sk, SK, p->nonce, wkey);
}

/* A new key pair into p wrapped under wkey made with salt; its secret key
 * into sk. */
static void pair_new(pair *p, const unsigned char salt[SALT], const unsigned char *wkey,
                     unsigned char sk[SK])
{
	crypto_box_keypair(p->pk, sk);
	memcpy(p->salt, salt, SALT);
	pair_wrap(p, sk, wkey);
}

/* Seal key to pk as person_id's grant. */
static fb_status grant(fb_store *st, int64_t person_id, const unsigned char pk[PK],
                       const unsigned char key[FB_SEAL_KEY], fb_error *err)
{
	unsigned char sealed[GRANT];
	if (crypto_box_seal(sealed, key, FB_SEAL_KEY, pk) != 0)
		return fb_error_set(err, FB_EIO, NULL, _("the cryptography library cannot start"));
	sqlite3_stmt *s = fb_store_stmt(
		st, "INSERT OR REPLACE INTO data_key_grants (person_id, sealed) VALUES (?1, ?2)",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_blob(s, 2, sealed, GRANT, SQLITE_STATIC);
	return fb_step_done(st, s, err);
}

static fb_status grant_drop(fb_store *st, int64_t person_id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "DELETE FROM data_key_grants WHERE person_id = ?1", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, person_id);
	return fb_step_done(st, s, err);
}

/* The database's key check into check: 1 it has a data key, 0 not, -1 error. */
static int key_check(fb_store *st, unsigned char check[FB_SEAL_KEY], fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT \"check\" FROM seal_key WHERE id = 1", err);
	if (!s)
		return -1;
	int row = fb_store_step(st, s, err);
	if (row > 0 && !blob(s, 0, check, FB_SEAL_KEY))
		memset(check, 0, FB_SEAL_KEY);
	sqlite3_reset(s);
	return row;
}

int fb_seal_db_has_key(fb_store *st, fb_error *err)
{
	unsigned char check[FB_SEAL_KEY];
	return key_check(st, check, err);
}

/* Open person_id's grant with their key pair and hold the data key if it
 * is this database's: 1 held, 0 not, -1 error. */
static int grant_open(fb_store *st, int64_t person_id, const pair *p, const unsigned char sk[SK],
                      fb_error *err)
{
	sqlite3_stmt *s =
		fb_store_stmt(st, "SELECT sealed FROM data_key_grants WHERE person_id = ?1", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, person_id);
	unsigned char sealed[GRANT], key[FB_SEAL_KEY], want[FB_SEAL_KEY], got[FB_SEAL_KEY];
	int row = fb_store_step(st, s, err);
	if (row > 0)
		row = blob(s, 0, sealed, GRANT);
	sqlite3_reset(s);
	if (row <= 0)
		return row;
	int opened = crypto_box_seal_open(key, sealed, GRANT, p->pk, sk) == 0;
	int has = opened ? key_check(st, want, err) : 0;
	if (has < 0)
		return -1;
	if (opened)
		fb_seal_check_value(key, got);
	int ok = has > 0 && sodium_memcmp(want, got, FB_SEAL_KEY) == 0;
	fb_status rc = ok ? fb_seal_hold(st, key, err) : FB_OK;
	sodium_memzero(key, sizeof key);
	return rc ? -1 : ok;
}

/* A new data key for the database: stored as its check, granted to
 * person_id (pk), held. */
static fb_status key_make(fb_store *st, int64_t person_id, const unsigned char pk[PK], fb_error *err)
{
	unsigned char key[FB_SEAL_KEY], check[FB_SEAL_KEY];
	char now[21];
	crypto_kdf_keygen(key);
	fb_seal_check_value(key, check);
	sqlite3_stmt *s = fb_store_stmt(
		st, "INSERT INTO seal_key (id, \"check\", made_at) VALUES (1, ?1, ?2)", err);
	fb_status rc = s ? FB_OK : fb_stmt_failed(err);
	if (s) {
		sqlite3_bind_blob(s, 1, check, FB_SEAL_KEY, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, fb_now_iso(now), -1, SQLITE_TRANSIENT);
		rc = fb_step_done(st, s, err);
	}
	if (rc == FB_OK && (rc = grant(st, person_id, pk, key, err)) == FB_OK)
		rc = fb_seal_hold(st, key, err);
	sodium_memzero(key, sizeof key);
	return rc;
}

/* As the holder: grant the key to every live person with a key pair and
 * no grant. */
static fb_status grant_pending(fb_store *st, fb_error *err)
{
	const fb_seal_held *h = fb_seal_held_key(st);
	if (!h)
		return FB_OK;
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT k.person_id, k.public_key FROM person_keys k "
	                                "JOIN people p ON p.id = k.person_id AND p.deleted = 0 "
	                                "WHERE NOT EXISTS (SELECT 1 FROM data_key_grants g "
	                                "WHERE g.person_id = k.person_id) ORDER BY k.person_id",
	                                err);
	if (!s)
		return fb_stmt_failed(err);
	int64_t ids[64];
	unsigned char pks[64][PK];
	fb_status rc = FB_OK;
	for (;;) { /* in batches: the grants are written after the read */
		int n = 0, row;
		while (n < 64 && (row = fb_store_step(st, s, err)) > 0)
			if (blob(s, 1, pks[n], PK))
				ids[n++] = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (row < 0)
			return fb_stmt_failed(err);
		for (int i = 0; i < n && rc == FB_OK; i++)
			rc = grant(st, ids[i], pks[i], h->key, err);
		if (rc || n < 64)
			return rc;
	}
}

/* person_id's secret key into sk, their pair into p: made now (under
 * secret) when they have none or it does not open with secret. *made set
 * then. Writes inside the caller's transaction. */
static fb_status pair_open(fb_store *st, int64_t person_id, const char *secret, pair *p,
                           unsigned char sk[SK], int *made, fb_error *err)
{
	unsigned char wkey[crypto_secretbox_KEYBYTES];
	*made = 0;
	int has = pair_load(st, person_id, p, err);
	if (has < 0)
		return fb_stmt_failed(err);
	fb_status rc = FB_OK;
	if (has) {
		if ((rc = wrap_key(secret, p->salt, wkey, err)))
			return rc;
		has = crypto_secretbox_open_easy(sk, p->box, BOX, p->nonce, wkey) == 0;
	}
	if (!has) {
		unsigned char salt[SALT];
		randombytes_buf(salt, SALT);
		if ((rc = wrap_key(secret, salt, wkey, err)) == FB_OK) {
			pair_new(p, salt, wkey, sk);
			*made = 1;
			if (!fb_store_readonly(st) &&
			    (rc = pair_store(st, person_id, p, err)) == FB_OK)
				rc = grant_drop(st, person_id, err);
		}
	}
	sodium_memzero(wkey, sizeof wkey);
	return rc;
}

/* The body of fb_seal_sign_in, inside its transaction. */
static fb_status sign_in_keys(fb_store *st, int64_t person_id, const char *secret, fb_error *err)
{
	pair p;
	unsigned char sk[SK], check[FB_SEAL_KEY];
	int made;
	fb_status rc = pair_open(st, person_id, secret, &p, sk, &made, err);
	int held = rc ? -1 : made ? 0 : grant_open(st, person_id, &p, sk, err);
	sodium_memzero(sk, sizeof sk);
	if (rc || held < 0)
		return rc ? rc : fb_stmt_failed(err);
	const fb_seal_held *h = fb_seal_held_key(st);
	if (!held && h && !fb_store_readonly(st)) /* the key is open here: theirs at once */
		return grant(st, person_id, p.pk, h->key, err);
	if (!held && !fb_store_readonly(st)) {
		int has = key_check(st, check, err);
		if (has < 0)
			return fb_stmt_failed(err);
		if (!has && (rc = key_make(st, person_id, p.pk, err)))
			return rc;
	}
	return fb_store_readonly(st) ? FB_OK : grant_pending(st, err);
}

fb_status fb_seal_sign_in(fb_store *st, int64_t person_id, const char *secret, fb_error *err)
{
	fb_status rc = ready(err);
	if (rc || !secret || person_id <= 0)
		return rc;
	if (fb_store_readonly(st)) /* a copy on a read-only stick: open only, write nothing */
		return sign_in_keys(st, person_id, secret, err);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	if ((rc = sign_in_keys(st, person_id, secret, err)) == FB_OK)
		rc = fb_store_commit(st, err);
	else
		fb_store_rollback(st);
	if (rc) {
		fb_seal_forget(st);
		return rc;
	}
	return fb_seal_key_held(st) ? fb_seal_legacy(st, err) : FB_OK;
}

/* A new key pair for person_id under secret, wrapped with salt; granted
 * at once if the store holds the key (else pending). */
static fb_status pair_fresh(fb_store *st, int64_t person_id, const char *secret, fb_error *err)
{
	pair p;
	unsigned char salt[SALT], wkey[crypto_secretbox_KEYBYTES], sk[SK];
	randombytes_buf(salt, SALT);
	fb_status rc = wrap_key(secret, salt, wkey, err);
	if (rc)
		return rc;
	pair_new(&p, salt, wkey, sk);
	sodium_memzero(wkey, sizeof wkey);
	sodium_memzero(sk, sizeof sk);
	const fb_seal_held *h = fb_seal_held_key(st);
	if ((rc = pair_store(st, person_id, &p, err)) || (rc = grant_drop(st, person_id, err)))
		return rc;
	return h ? grant(st, person_id, p.pk, h->key, err) : FB_OK;
}

fb_status fb_seal_rewrap(fb_store *st, int64_t person_id, const char *old_secret,
                         const char *new_secret, fb_error *err)
{
	fb_status rc = ready(err);
	if (rc)
		return rc;
	pair p;
	unsigned char sk[SK], wkey[crypto_secretbox_KEYBYTES];
	int has = pair_load(st, person_id, &p, err);
	if (has < 0)
		return fb_stmt_failed(err);
	if (has && old_secret && (rc = wrap_key(old_secret, p.salt, wkey, err)))
		return rc;
	has = has && old_secret && crypto_secretbox_open_easy(sk, p.box, BOX, p.nonce, wkey) == 0;
	if (has) {
		randombytes_buf(p.salt, SALT);
		if ((rc = wrap_key(new_secret, p.salt, wkey, err)) == FB_OK)
			pair_wrap(&p, sk, wkey);
	}
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(wkey, sizeof wkey);
	if (rc || (rc = fb_store_begin(st, err)))
		return rc;
	rc = has ? pair_store(st, person_id, &p, err) : pair_fresh(st, person_id, new_secret, err);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_seal_reset(fb_store *st, int64_t person_id, const char *new_secret, fb_error *err)
{
	fb_status rc = ready(err);
	return rc ? rc : pair_fresh(st, person_id, new_secret, err);
}

/* The demo's body: key pairs for everyone without one, under wkey/salt. */
static fb_status everyone_pairs(fb_store *st, const unsigned char salt[SALT],
                                const unsigned char *wkey, int64_t *first, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT id FROM people p WHERE deleted = 0 AND NOT EXISTS "
	                                "(SELECT 1 FROM person_keys k WHERE k.person_id = p.id) "
	                                "ORDER BY id",
	                                err);
	if (!s)
		return fb_stmt_failed(err);
	int64_t ids[4096];
	int n = 0, row;
	while (n < 4096 && (row = fb_store_step(st, s, err)) > 0)
		ids[n++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	fb_status rc = FB_OK;
	for (int i = 0; i < n && rc == FB_OK; i++) {
		pair p;
		unsigned char sk[SK];
		pair_new(&p, salt, wkey, sk);
		sodium_memzero(sk, sizeof sk);
		rc = pair_store(st, ids[i], &p, err);
		if (rc == FB_OK && !*first && !fb_seal_key_held(st)) {
			unsigned char check[FB_SEAL_KEY];
			int has = key_check(st, check, err);
			if (has < 0)
				return fb_stmt_failed(err);
			if (!has)
				rc = key_make(st, ids[i], p.pk, err);
			*first = ids[i];
		}
	}
	return rc;
}

fb_status fb_seal_give_everyone(fb_store *st, const char *secret, fb_error *err)
{
	fb_status rc = ready(err);
	if (rc)
		return rc;
	unsigned char salt[SALT], wkey[crypto_secretbox_KEYBYTES];
	randombytes_buf(salt, SALT);
	if ((rc = wrap_key(secret, salt, wkey, err)))
		return rc;
	int64_t first = 0;
	if ((rc = fb_store_begin(st, err)) == FB_OK) {
		if ((rc = everyone_pairs(st, salt, wkey, &first, err)) ||
		    (rc = grant_pending(st, err)) ||
		    (fb_seal_key_held(st) && (rc = fb_seal_legacy(st, err))))
			fb_store_rollback(st);
		else
			rc = fb_store_commit(st, err);
	}
	sodium_memzero(wkey, sizeof wkey);
	return rc;
}

/* fb_seal(col, value): value sealed with the held key (the legacy pass). */
static void sql_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const fb_seal_held *h = fb_seal_held_key(sqlite3_user_data(ctx));
	const char *col = (const char *)sqlite3_value_text(argv[0]);
	const char *value = (const char *)sqlite3_value_text(argv[1]);
	if (!h || !col || !value) {
		sqlite3_result_error(ctx, "no key to seal with", -1);
		return;
	}
	char *out = fb_seal_with_held(h, col, value);
	if (out)
		sqlite3_result_text(ctx, out, -1, free);
	else
		sqlite3_result_error_nomem(ctx);
}

/* One column's legacy values sealed. */
static fb_status legacy_column(fb_store *st, int i, fb_error *err)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "UPDATE %s SET %s = fb_seal('%s', %s) WHERE %s <> '' AND substr(%s, 1, 4) <> "
	         "'" FB_SEAL_PREFIX "'",
	         personal[i].table, personal[i].column, personal[i].name, personal[i].column,
	         personal[i].column, personal[i].column);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	return s ? fb_step_done(st, s, err) : fb_stmt_failed(err);
}

fb_status fb_seal_legacy(fb_store *st, fb_error *err)
{
	if (!fb_seal_key_held(st))
		return fb_seal_need_key(err, NULL);
	sqlite3 *db = fb_store_db(st);
	/* any left? (cheap: most sign-ins find none) */
	int left = 0;
	for (size_t i = 0; i < sizeof personal / sizeof personal[0] && !left; i++) {
		char sql[256];
		snprintf(sql, sizeof sql,
		         "SELECT 1 FROM %s WHERE %s <> '' AND substr(%s, 1, 4) <> '" FB_SEAL_PREFIX
		         "' LIMIT 1",
		         personal[i].table, personal[i].column, personal[i].column);
		sqlite3_stmt *s = fb_store_stmt(st, sql, err);
		if (!s)
			return fb_stmt_failed(err);
		left = fb_store_step(st, s, err);
		sqlite3_reset(s);
		if (left < 0)
			return fb_stmt_failed(err);
	}
	if (!left)
		return FB_OK;
	if (sqlite3_create_function(db, "fb_seal", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, st, sql_seal,
	                            NULL, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	fb_status rc = fb_store_begin(st, err);
	for (size_t i = 0; rc == FB_OK && i < sizeof personal / sizeof personal[0]; i++)
		rc = legacy_column(st, (int)i, err);
	if (rc)
		fb_store_rollback(st);
	else
		rc = fb_store_commit(st, err);
	if (rc == FB_OK && sqlite3_get_autocommit(db))
		sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	return rc;
}
