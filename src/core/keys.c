/* keys.c - this device's key pairs and the peers' pinned public keys (see
 * fieldbook/keys.h). Every primitive is libsodium's: crypto_sign
 * (Ed25519), crypto_box_seal (X25519 + XSalsa20-Poly1305), crypto_pwhash
 * (argon2id) and crypto_secretbox for the backup, crypto_generichash
 * (BLAKE2b) for fingerprints. Secret keys are read into locked memory
 * (sodium_malloc) and wiped after use. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "fieldbook/date.h"
#include "fieldbook/file.h"
#include "fieldbook/i18n.h"
#include "fieldbook/keys.h"
#include "internal.h"
#include "sqlstore.h"

#define BACKUP_MAGIC "fieldbook-keys 1\n"
#define BACKUP_MAGIC_LEN 17
/* device id, sign_sk, box_sk */
#define BACKUP_PLAIN (36 + crypto_sign_SECRETKEYBYTES + crypto_box_SECRETKEYBYTES)

void fb_key_fingerprint(const fb_pubkeys *k, char out[FB_FINGERPRINT_SIZE])
{
	unsigned char h[30];
	crypto_generichash_state g;
	crypto_generichash_init(&g, (const unsigned char *)"fieldbook-fp", 12, sizeof h);
	crypto_generichash_update(&g, k->sign, sizeof k->sign);
	crypto_generichash_update(&g, k->box, sizeof k->box);
	crypto_generichash_final(&g, h, sizeof h);
	size_t o = 0;
	for (int i = 0; i < 6; i++) {
		uint64_t v = 0;
		for (int j = 0; j < 5; j++)
			v = v << 8 | h[i * 5 + j];
		o += (size_t)snprintf(out + o, FB_FINGERPRINT_SIZE - o, "%s%05u", i ? " " : "",
		                      (unsigned)(v % 100000));
	}
}

int fb_key_fingerprint_matches(const char *text, const char *fp)
{
	char b[64];
	size_t nb = 0;
	for (const char *p = fp; *p && nb + 1 < sizeof b; p++)
		if (*p >= '0' && *p <= '9')
			b[nb++] = *p;
	/* a list of fingerprints, separated by commas: any of them */
	for (const char *p = text; *p;) {
		char a[64];
		size_t na = 0;
		int ok = 1;
		for (; *p && *p != ','; p++) {
			if (*p >= '0' && *p <= '9' && na + 1 < sizeof a)
				a[na++] = *p;
			else if (*p != ' ' && *p != '-' && *p != '\t')
				ok = 0;
		}
		if (ok && na == nb && na > 0 && !memcmp(a, b, na))
			return 1;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* ---- this device ---- */

static fb_status stmt_err(fb_error *err)
{
	return fb_stmt_failed(err);
}

/* New pairs into the row statement ins (?1..?4 the keys). */
static void bind_new_pairs(sqlite3_stmt *ins, fb_pubkeys *pk)
{
	unsigned char *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES + crypto_box_SECRETKEYBYTES);
	unsigned char *bsk = sk + crypto_sign_SECRETKEYBYTES;
	crypto_sign_keypair(pk->sign, sk);
	crypto_box_keypair(pk->box, bsk);
	sqlite3_bind_blob(ins, 1, pk->sign, FB_KEY_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ins, 2, sk, crypto_sign_SECRETKEYBYTES, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ins, 3, pk->box, FB_KEY_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ins, 4, bsk, crypto_box_SECRETKEYBYTES, SQLITE_TRANSIENT);
	sodium_free(sk);
}

fb_status fb_keys_ensure(fb_store *st, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT 1 FROM device_keys WHERE retired_at IS NULL", err);
	if (!q)
		return stmt_err(err);
	int r = fb_store_step(st, q, err);
	sqlite3_reset(q);
	if (r != 0)
		return r < 0 ? stmt_err(err) : FB_OK;
	sqlite3_stmt *ins = fb_store_stmt(st, "INSERT INTO device_keys (sign_pk, sign_sk, box_pk, "
	                                      "box_sk, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (!ins)
		return stmt_err(err);
	fb_pubkeys pk;
	char now[21];
	bind_new_pairs(ins, &pk);
	sqlite3_bind_text(ins, 5, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	fb_status s = fb_step_done(st, ins, err);
	sqlite3_clear_bindings(ins); /* no copy of a secret key stays bound */
	return s;
}

fb_status fb_keys_own(fb_store *st, fb_pubkeys *out, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT sign_pk, box_pk FROM device_keys WHERE "
	                                    "retired_at IS NULL", err);
	if (!q)
		return stmt_err(err);
	int r = fb_store_step(st, q, err);
	if (r > 0 && sqlite3_column_bytes(q, 0) == FB_KEY_BYTES &&
	    sqlite3_column_bytes(q, 1) == FB_KEY_BYTES) {
		memcpy(out->sign, sqlite3_column_blob(q, 0), FB_KEY_BYTES);
		memcpy(out->box, sqlite3_column_blob(q, 1), FB_KEY_BYTES);
	}
	sqlite3_reset(q);
	if (r < 0)
		return stmt_err(err);
	if (r == 0)
		return fb_error_set(err, FB_ENOTFOUND, NULL, _("this database has no keys yet: open it "
		                                               "once with write access"));
	return FB_OK;
}

/* Run fn with this device's current signing key, copied into locked
 * memory and wiped after. */
static fb_status with_sign_key(fb_store *st, void (*fn)(const unsigned char *sk, void *ctx),
                               void *ctx, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT sign_sk FROM device_keys WHERE retired_at IS NULL",
	                                err);
	if (!q)
		return stmt_err(err);
	int r = fb_store_step(st, q, err);
	fb_status s = FB_OK;
	if (r > 0 && sqlite3_column_bytes(q, 0) == crypto_sign_SECRETKEYBYTES) {
		unsigned char *sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
		if (!sk) {
			s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		} else {
			memcpy(sk, sqlite3_column_blob(q, 0), crypto_sign_SECRETKEYBYTES);
			fn(sk, ctx);
			sodium_free(sk);
		}
	} else if (r >= 0) {
		s = fb_error_set(err, FB_ENOTFOUND, NULL, _("this database has no keys yet: open it "
		                                            "once with write access"));
	} else {
		s = stmt_err(err);
	}
	sqlite3_reset(q);
	return s;
}

struct sign_job {
	const void *msg;
	size_t n;
	crypto_sign_state *state;
	unsigned char *sig;
};

static void sign_with(const unsigned char *sk, void *ctx)
{
	struct sign_job *j = ctx;
	if (j->state)
		crypto_sign_final_create(j->state, j->sig, NULL, sk);
	else
		crypto_sign_detached(j->sig, NULL, j->msg, j->n, sk);
}

fb_status fb_keys_sign(fb_store *st, const void *msg, size_t n, unsigned char sig[FB_SIG_BYTES],
                       fb_error *err)
{
	struct sign_job j = {.msg = msg, .n = n, .sig = sig};
	return with_sign_key(st, sign_with, &j, err);
}

fb_status fb_keys_sign_state(fb_store *st, crypto_sign_state *c, unsigned char sig[FB_SIG_BYTES],
                             fb_error *err)
{
	struct sign_job j = {.state = c, .sig = sig};
	return with_sign_key(st, sign_with, &j, err);
}

fb_status fb_keys_unseal(fb_store *st, const unsigned char *c, size_t n, unsigned char *out,
                         fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT box_pk, box_sk FROM device_keys ORDER BY "
	                                    "retired_at IS NOT NULL, id DESC", err);
	if (!q)
		return stmt_err(err);
	unsigned char *sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
	if (!sk) {
		sqlite3_reset(q);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	int r, opened = 0;
	while (!opened && (r = fb_store_step(st, q, err)) > 0) {
		if (sqlite3_column_bytes(q, 0) != FB_KEY_BYTES ||
		    sqlite3_column_bytes(q, 1) != crypto_box_SECRETKEYBYTES)
			continue;
		memcpy(sk, sqlite3_column_blob(q, 1), crypto_box_SECRETKEYBYTES);
		opened = crypto_box_seal_open(out, c, n, sqlite3_column_blob(q, 0), sk) == 0;
	}
	sodium_free(sk);
	sqlite3_reset(q);
	if (opened)
		return FB_OK;
	return r < 0 ? stmt_err(err) : FB_ENOTFOUND;
}

size_t fb_keys_rotation_msg(const char *device, const fb_pubkeys *k, char *buf, size_t size)
{
	char s[2 * FB_KEY_BYTES + 1], b[2 * FB_KEY_BYTES + 1];
	sodium_bin2hex(s, sizeof s, k->sign, FB_KEY_BYTES);
	sodium_bin2hex(b, sizeof b, k->box, FB_KEY_BYTES);
	int n = snprintf(buf, size, "fieldbook-rotation 1\ndevice %s\nsign_key %s\nbox_key %s\n",
	                 device, s, b);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

int fb_keys_rotation(fb_store *st, unsigned char prev_sign[FB_KEY_BYTES],
                     unsigned char sig[FB_SIG_BYTES], fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT prev_sign_pk, rotation_sig FROM device_keys "
	                                    "WHERE retired_at IS NULL", err);
	if (!q)
		return -1;
	int r = fb_store_step(st, q, err), found = 0;
	if (r > 0 && sqlite3_column_bytes(q, 0) == FB_KEY_BYTES &&
	    sqlite3_column_bytes(q, 1) == FB_SIG_BYTES) {
		memcpy(prev_sign, sqlite3_column_blob(q, 0), FB_KEY_BYTES);
		memcpy(sig, sqlite3_column_blob(q, 1), FB_SIG_BYTES);
		found = 1;
	}
	sqlite3_reset(q);
	return r < 0 ? -1 : found;
}

fb_status fb_keys_rotate(fb_store *st, fb_error *err)
{
	fb_pubkeys old, pk;
	fb_status s = fb_keys_own(st, &old, err);
	if (s)
		return s;
	if ((s = fb_store_begin(st, err)))
		return s;
	char now[21];
	fb_now_iso(now);
	sqlite3_stmt *ret = fb_store_stmt(st, "UPDATE device_keys SET retired_at = ?1 WHERE "
	                                      "retired_at IS NULL", err);
	sqlite3_stmt *ins = fb_store_stmt(st, "INSERT INTO device_keys (sign_pk, sign_sk, box_pk, "
	                                      "box_sk, created_at, prev_sign_pk, rotation_sig) "
	                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
	if (!ret || !ins) {
		fb_store_rollback(st);
		return stmt_err(err);
	}
	/* The record is signed by the old key before the old key is retired. */
	bind_new_pairs(ins, &pk);
	char msg[256];
	unsigned char sig[FB_SIG_BYTES];
	size_t n = fb_keys_rotation_msg(fb_store_device(st), &pk, msg, sizeof msg);
	if ((s = fb_keys_sign(st, msg, n, sig, err))) {
		sqlite3_clear_bindings(ins);
		fb_store_rollback(st);
		return s;
	}
	sqlite3_bind_text(ins, 5, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ins, 6, old.sign, FB_KEY_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ins, 7, sig, FB_SIG_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_text(ret, 1, now, -1, SQLITE_TRANSIENT);
	s = fb_step_done(st, ret, err);
	if (s == FB_OK)
		s = fb_step_done(st, ins, err);
	sqlite3_clear_bindings(ins);
	if (s) {
		fb_store_rollback(st);
		return s;
	}
	return fb_store_commit(st, err);
}

/* ---- backup ---- */

/* The backup's key from passphrase and salt (argon2id, interactive+ limits:
 * about a second and 256 MB on a laptop). 0, or -1 out of memory. */
static int backup_key(unsigned char key[crypto_secretbox_KEYBYTES], const char *passphrase,
                      const unsigned char salt[crypto_pwhash_SALTBYTES])
{
	return crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase, strlen(passphrase), salt,
	                     crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_INTERACTIVE * 4,
	                     crypto_pwhash_ALG_ARGON2ID13);
}

fb_status fb_keys_backup(fb_store *st, const char *path, const char *passphrase, fb_error *err)
{
	if (strlen(passphrase) < FB_PASSPHRASE_MIN)
		return fb_error_set(err, FB_EINVAL, "passphrase",
		                    _("a passphrase needs at least %d characters"), FB_PASSPHRASE_MIN);
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT sign_sk, box_sk FROM device_keys WHERE "
	                                    "retired_at IS NULL", err);
	if (!q)
		return stmt_err(err);
	unsigned char *plain = sodium_malloc(BACKUP_PLAIN);
	unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
	if (!plain || !key) {
		sodium_free(plain);
		sodium_free(key);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	int r = fb_store_step(st, q, err);
	fb_status s = FB_OK;
	if (r > 0 && sqlite3_column_bytes(q, 0) == crypto_sign_SECRETKEYBYTES &&
	    sqlite3_column_bytes(q, 1) == crypto_box_SECRETKEYBYTES) {
		memcpy(plain, fb_store_device(st), 36);
		memcpy(plain + 36, sqlite3_column_blob(q, 0), crypto_sign_SECRETKEYBYTES);
		memcpy(plain + 36 + crypto_sign_SECRETKEYBYTES, sqlite3_column_blob(q, 1),
		       crypto_box_SECRETKEYBYTES);
	} else {
		s = r < 0 ? stmt_err(err)
		          : fb_error_set(err, FB_ENOTFOUND, NULL, _("this database has no keys yet"));
	}
	sqlite3_reset(q);
	unsigned char head[BACKUP_MAGIC_LEN + crypto_pwhash_SALTBYTES + crypto_secretbox_NONCEBYTES];
	unsigned char box[BACKUP_PLAIN + crypto_secretbox_MACBYTES];
	memcpy(head, BACKUP_MAGIC, BACKUP_MAGIC_LEN);
	randombytes_buf(head + BACKUP_MAGIC_LEN, crypto_pwhash_SALTBYTES + crypto_secretbox_NONCEBYTES);
	if (s == FB_OK && backup_key(key, passphrase, head + BACKUP_MAGIC_LEN))
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	if (s == FB_OK)
		crypto_secretbox_easy(box, plain, BACKUP_PLAIN,
		                      head + BACKUP_MAGIC_LEN + crypto_pwhash_SALTBYTES, key);
	sodium_free(plain);
	sodium_free(key);
	if (s)
		return s;
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp); /* 0600 */
	if (fd < 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), path, strerror(errno));
	if (write(fd, head, sizeof head) != (ssize_t)sizeof head ||
	    write(fd, box, sizeof box) != (ssize_t)sizeof box) {
		s = fb_error_set(err, FB_EIO, NULL, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(tmp);
		return s;
	}
	s = fb_file_commit(fd, tmp, path, err);
	close(fd);
	return s;
}

/* 1 if this database holds records it made itself (restoring another
 * device's identity over them would confuse every peer). */
static int has_own_records(fb_store *st, fb_error *err)
{
	static const char *const sql[] = {
		"SELECT 1 FROM logs WHERE origin = ?1 LIMIT 1",
		"SELECT 1 FROM tickets WHERE origin = ?1 LIMIT 1",
		"SELECT 1 FROM people WHERE origin = ?1 LIMIT 1",
		"SELECT 1 FROM work_groups WHERE origin = ?1 LIMIT 1",
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *q = fb_store_stmt(st, sql[i], err);
		if (!q)
			return -1;
		fb_bind_text(q, 1, fb_store_device(st));
		int r = fb_store_step(st, q, err);
		sqlite3_reset(q);
		if (r)
			return r;
	}
	return 0;
}

fb_status fb_keys_restore(fb_store *st, const char *path, const char *passphrase, fb_error *err)
{
	unsigned char head[BACKUP_MAGIC_LEN + crypto_pwhash_SALTBYTES + crypto_secretbox_NONCEBYTES];
	unsigned char box[BACKUP_PLAIN + crypto_secretbox_MACBYTES], extra;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot open %s: %s"), path, strerror(errno));
	int ok = read(fd, head, sizeof head) == (ssize_t)sizeof head &&
	         read(fd, box, sizeof box) == (ssize_t)sizeof box && read(fd, &extra, 1) == 0 &&
	         !memcmp(head, BACKUP_MAGIC, BACKUP_MAGIC_LEN);
	close(fd);
	if (!ok)
		return fb_error_set(err, FB_EFORMAT, NULL, _("%s is not a fieldbook key backup"), path);
	int own = has_own_records(st, err);
	if (own < 0)
		return stmt_err(err);
	if (own)
		return fb_error_set(err, FB_ESTATE, NULL,
		                    _("this database already holds records of its own: restore keys "
		                      "into a new database (fieldbook init), then import the last "
		                      "bundle"));
	unsigned char *plain = sodium_malloc(BACKUP_PLAIN);
	unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
	fb_status s = FB_OK;
	if (!plain || !key)
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	else if (backup_key(key, passphrase, head + BACKUP_MAGIC_LEN))
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	else if (crypto_secretbox_open_easy(plain, box, sizeof box,
	                                    head + BACKUP_MAGIC_LEN + crypto_pwhash_SALTBYTES, key))
		s = fb_error_set(err, FB_EINVAL, "passphrase",
		                 _("wrong passphrase, or the backup file was changed"));
	char device[37];
	fb_pubkeys pk;
	if (s == FB_OK) {
		memcpy(device, plain, 36);
		device[36] = 0;
		if (!fb_uuid_valid(device))
			s = fb_error_set(err, FB_EFORMAT, NULL, _("%s is not a fieldbook key backup"), path);
		crypto_sign_ed25519_sk_to_pk(pk.sign, plain + 36);
		crypto_scalarmult_base(pk.box, plain + 36 + crypto_sign_SECRETKEYBYTES);
	}
	if (s == FB_OK && (s = fb_store_begin(st, err)) == FB_OK) {
		char now[21];
		sqlite3_stmt *del = fb_store_stmt(st, "DELETE FROM device_keys", err);
		sqlite3_stmt *ins = fb_store_stmt(st, "INSERT INTO device_keys (sign_pk, sign_sk, "
		                                      "box_pk, box_sk, created_at) VALUES (?1, ?2, ?3, "
		                                      "?4, ?5)", err);
		if (!del || !ins) {
			s = stmt_err(err);
		} else {
			sqlite3_bind_blob(ins, 1, pk.sign, FB_KEY_BYTES, SQLITE_TRANSIENT);
			sqlite3_bind_blob(ins, 2, plain + 36, crypto_sign_SECRETKEYBYTES, SQLITE_TRANSIENT);
			sqlite3_bind_blob(ins, 3, pk.box, FB_KEY_BYTES, SQLITE_TRANSIENT);
			sqlite3_bind_blob(ins, 4, plain + 36 + crypto_sign_SECRETKEYBYTES,
			                  crypto_box_SECRETKEYBYTES, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 5, fb_now_iso(now), -1, SQLITE_TRANSIENT);
			s = fb_step_done(st, del, err);
			if (s == FB_OK)
				s = fb_step_done(st, ins, err);
			sqlite3_clear_bindings(ins);
		}
		if (s == FB_OK)
			s = fb_store_set_device(st, device, err);
		if (s == FB_OK)
			s = fb_store_commit(st, err);
		else
			fb_store_rollback(st);
	}
	sodium_free(plain);
	sodium_free(key);
	return s;
}

/* ---- peers ---- */

#define PEER_COLS "id, device, kind, group_uuid, sign_pk, box_pk, pinned_by, pinned_at, " \
                  "coalesce(rotated_from, 0), coalesce(retired_at, '')"

static void read_peer(sqlite3_stmt *q, fb_peer_key *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(q, 0);
	fb_col_copy(q, 1, p->device, sizeof p->device);
	p->is_hq = !strcmp((const char *)sqlite3_column_text(q, 2), "hq");
	fb_col_copy(q, 3, p->group_uuid, sizeof p->group_uuid);
	if (sqlite3_column_bytes(q, 4) == FB_KEY_BYTES)
		memcpy(p->k.sign, sqlite3_column_blob(q, 4), FB_KEY_BYTES);
	if (sqlite3_column_bytes(q, 5) == FB_KEY_BYTES)
		memcpy(p->k.box, sqlite3_column_blob(q, 5), FB_KEY_BYTES);
	fb_col_copy(q, 6, p->pinned_by, sizeof p->pinned_by);
	fb_col_copy(q, 7, p->pinned_at, sizeof p->pinned_at);
	p->rotated_from = sqlite3_column_int64(q, 8);
	fb_col_copy(q, 9, p->retired_at, sizeof p->retired_at);
}

/* Step q (bound) once into out: 1, 0, -1. */
static int one_peer(fb_store *st, sqlite3_stmt *q, fb_peer_key *out, fb_error *err)
{
	int r = fb_store_step(st, q, err);
	if (r > 0)
		read_peer(q, out);
	sqlite3_reset(q);
	return r;
}

int fb_peer_find(fb_store *st, const char *device, const unsigned char sign[FB_KEY_BYTES],
                 fb_peer_key *out, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT " PEER_COLS " FROM peer_keys WHERE device = ?1 "
	                                    "AND sign_pk = ?2", err);
	if (!q)
		return -1;
	fb_bind_text(q, 1, device);
	sqlite3_bind_blob(q, 2, sign, FB_KEY_BYTES, SQLITE_TRANSIENT);
	return one_peer(st, q, out, err);
}

int fb_peer_current(fb_store *st, const char *device, fb_peer_key *out, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT " PEER_COLS " FROM peer_keys WHERE device = ?1 "
	                                    "AND retired_at IS NULL ORDER BY id DESC LIMIT 1", err);
	if (!q)
		return -1;
	fb_bind_text(q, 1, device);
	return one_peer(st, q, out, err);
}

int fb_peer_recipient(fb_store *st, int hq, const char *group_uuid, fb_peer_key *out,
                      fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT " PEER_COLS " FROM peer_keys WHERE kind = ?1 "
	                                    "AND (?1 = 'hq' OR group_uuid = ?2) AND retired_at IS "
	                                    "NULL ORDER BY id DESC LIMIT 1", err);
	if (!q)
		return -1;
	fb_bind_text(q, 1, hq ? "hq" : "station");
	fb_bind_text(q, 2, group_uuid ? group_uuid : "");
	return one_peer(st, q, out, err);
}

fb_status fb_peer_pin(fb_store *st, const fb_peer_key *k, fb_error *err)
{
	fb_status s = fb_store_begin(st, err);
	if (s)
		return s;
	char now[21];
	fb_now_iso(now);
	sqlite3_stmt *ret = fb_store_stmt(st, "UPDATE peer_keys SET retired_at = ?2 WHERE device = "
	                                      "?1 AND retired_at IS NULL AND sign_pk IS NOT ?3", err);
	sqlite3_stmt *ins = fb_store_stmt(st,
	    "INSERT INTO peer_keys (device, kind, group_uuid, sign_pk, box_pk, pinned_by, pinned_at, "
	    "rotated_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0)) "
	    "ON CONFLICT(device, sign_pk) DO UPDATE SET retired_at = NULL, kind = excluded.kind, "
	    "group_uuid = excluded.group_uuid, box_pk = excluded.box_pk", err);
	if (!ret || !ins) {
		fb_store_rollback(st);
		return stmt_err(err);
	}
	fb_bind_text(ret, 1, k->device);
	sqlite3_bind_text(ret, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ret, 3, k->k.sign, FB_KEY_BYTES, SQLITE_TRANSIENT);
	fb_bind_text(ins, 1, k->device);
	fb_bind_text(ins, 2, k->is_hq ? "hq" : "station");
	fb_bind_text(ins, 3, k->group_uuid);
	sqlite3_bind_blob(ins, 4, k->k.sign, FB_KEY_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_blob(ins, 5, k->k.box, FB_KEY_BYTES, SQLITE_TRANSIENT);
	fb_bind_text(ins, 6, k->pinned_by);
	sqlite3_bind_text(ins, 7, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(ins, 8, k->rotated_from);
	s = fb_step_done(st, ret, err);
	if (s == FB_OK)
		s = fb_step_done(st, ins, err);
	if (s) {
		fb_store_rollback(st);
		return s;
	}
	return fb_store_commit(st, err);
}

int fb_keys_is_hq(fb_store *st, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st,
	    "SELECT (SELECT count(*) FROM peer_keys WHERE kind = 'hq' AND retired_at IS NULL), "
	    "(SELECT count(*) FROM peer_keys WHERE kind = 'station' AND retired_at IS NULL), "
	    "(SELECT count(*) FROM (SELECT 1 FROM work_groups WHERE deleted = 0 LIMIT 2))", err);
	if (!q)
		return -1;
	int r = fb_store_step(st, q, err), hq = 0;
	if (r > 0)
		hq = sqlite3_column_int(q, 0) ? 0 : sqlite3_column_int(q, 1) ? 1
		                                                           : sqlite3_column_int(q, 2) != 1;
	sqlite3_reset(q);
	return r < 0 ? -1 : hq;
}
