/* auth.c - signing in (auth.h): argon2id hashes, counted tries, lockout,
 * resets.
 *
 * The limits: crypto_pwhash_str with opslimit 3 and memlimit 32 MiB
 * (argon2id, one lane). Measured on the 2-core build machine with
 * tests/bench (fieldbook-bench --signin): about 50-100 ms and 34 MiB of
 * peak memory for one verification; libsodium's "interactive" limits (2,
 * 64 MiB) took 100-200 ms and 66 MiB there, which is more memory than a
 * shared old laptop should give a sign-in. Hashes keep their own limits,
 * so a hash made with other limits still verifies, and is made again with
 * these at the next good sign-in.
 *
 * A try is counted before the hash is verified (one transaction), and the
 * outcome written after (another): a process killed while it verifies has
 * used up a try, so killing a slow wrong answer gains an attacker nothing. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/auth.h"
#include "fieldbook/date.h"
#include "fieldbook/hq.h"
#include "fieldbook/i18n.h"
#include "fieldbook/perm.h"
#include "fieldbook/seal.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "seal_impl.h"

#define OPSLIMIT FB_SEAL_OPSLIMIT /* the same limits wrap people's keys (seal_keys.c) */
#define MEMLIMIT FB_SEAL_MEMLIMIT

long fb_auth_verifications;

/* libsodium once per process; FB_EIO if it cannot start (no random numbers). */
static fb_status sodium_ready(fb_error *err)
{
	if (sodium_init() < 0)
		return fb_error_set(err, FB_EIO, NULL, _("the cryptography library cannot start"));
	return FB_OK;
}

fb_status fb_auth_secret_check(const char *secret, fb_error *err)
{
	if (!secret || !*secret)
		return fb_error_set(err, FB_EINVAL, "password", _("a password or PIN is required"));
	size_t len = strlen(secret), digits = 0, chars = 0;
	if (len > FB_AUTH_SECRET_MAX)
		return fb_error_set(err, FB_EINVAL, "password", _("at most %d bytes"),
		                    FB_AUTH_SECRET_MAX);
	for (const unsigned char *p = (const unsigned char *)secret; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			return fb_error_set(err, FB_EINVAL, "password",
			                    _("a password may not hold control characters"));
		digits += *p >= '0' && *p <= '9';
		chars += (*p & 0xC0) != 0x80;
	}
	if (digits == len) {
		if (len < FB_AUTH_PIN_MIN)
			return fb_error_set(err, FB_EINVAL, "password",
			                    _("a PIN needs at least %d digits"), FB_AUTH_PIN_MIN);
		return FB_OK;
	}
	if (chars < FB_AUTH_PASSWORD_MIN)
		return fb_error_set(err, FB_EINVAL, "password",
		                    _("a password needs at least %d characters (or use a PIN of "
		                      "at least %d digits)"),
		                    FB_AUTH_PASSWORD_MIN, FB_AUTH_PIN_MIN);
	return FB_OK;
}

/* The argon2id hash string of secret into out. */
static fb_status hash_secret(const char *secret, char out[crypto_pwhash_STRBYTES], fb_error *err)
{
	fb_status rc = sodium_ready(err);
	if (rc)
		return rc;
	if (crypto_pwhash_str(out, secret, strlen(secret), OPSLIMIT, MEMLIMIT) != 0)
		return fb_error_set(err, FB_ENOMEM, NULL,
		                    _("not enough memory to protect the password"));
	return FB_OK;
}

/* Write the hash of a person's secret: one statement (an INSERT or a
 * REPLACE of the whole row), so the old row or the new one is there after
 * any crash. */
static fb_status store_hash(fb_store *st, int64_t person_id, const char *hash, int must_change,
                            fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	    "INSERT OR REPLACE INTO person_secrets (person_id, hash, failed, locked_until, "
	    "must_change, changed_at, changed_by) VALUES (?1, ?2, 0, 0, ?3, ?4, ?5)", err);
	if (!s)
		return fb_stmt_failed(err);
	char now[21];
	int64_t by = fb_store_actor(st);
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, must_change);
	sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, by ? by : person_id);
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

int fb_auth_has_secret(fb_store *st, int64_t person_id, fb_error *err)
{
	if (person_id <= 0)
		return 0;
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT 1 FROM person_secrets WHERE person_id = ?1", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, person_id);
	int row = fb_store_step(st, s, err);
	sqlite3_reset(s);
	return row;
}

/* One write of a sign-in (sql binds ?1 the person, ?2 the limit, ?3 the
 * lock's end) in its own transaction. */
/* 1 if person_id is headquarters staff whose record came from another
 * database while this one is not headquarters': a station's copy of HQ's
 * people, who sign in on HQ's machines only (else a member could set their
 * first password on the station's laptop and act as HQ). 0 if not, -1 on error. */
static int staff_elsewhere(fb_store *st, int64_t person_id, fb_error *err)
{
	int hq = fb_hq_is(st, err);
	if (hq)
		return hq < 0 ? -1 : 0;
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT 1 FROM people WHERE id = ?1 AND role = 'hq' AND "
	                                "origin <> ?2",
	                                err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_text(s, 2, fb_store_device(st), -1, SQLITE_STATIC);
	int r = fb_store_step(st, s, err);
	sqlite3_reset(s);
	return r;
}

static fb_status tries_write(fb_store *st, const char *sql, int64_t person_id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, FB_AUTH_MAX_TRIES);
	sqlite3_bind_int64(s, 3, (int64_t)time(NULL) + FB_AUTH_LOCK_SECONDS);
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

/* "locked until 15:30" in local time. */
static fb_status locked(fb_error *err, int64_t until)
{
	time_t t = (time_t)until;
	struct tm tm;
	char hm[16] = "";
	if (localtime_r(&t, &tm))
		strftime(hm, sizeof hm, "%H:%M", &tm);
	return fb_error_set(err, FB_ESTATE, "password",
	                    _("after %d wrong tries signing in is locked until %s"),
	                    FB_AUTH_MAX_TRIES, hm);
}

/* Verify secret against the person's row (row 0 for a name no one has),
 * counting the try. FB_OK if right; *must_change from the row. */
static fb_status verify(fb_store *st, int64_t row_id, const char *secret, int *must_change,
                        fb_error *err)
{
	fb_status rc = sodium_ready(err);
	if (rc)
		return rc;
	sqlite3_stmt *s = fb_store_stmt(st,
	    "SELECT hash, locked_until, must_change FROM person_secrets WHERE person_id = ?1", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, row_id);
	char hash[crypto_pwhash_STRBYTES] = "";
	int64_t until = 0;
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		fb_col_copy(s, 0, hash, sizeof hash);
		until = sqlite3_column_int64(s, 1);
		*must_change = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row == 0) /* row 0 is missing: a damaged table; refuse as a wrong password */
		return fb_error_set(err, FB_EPERM, "password", _("wrong name or password"));
	if (row_id && until > (int64_t)time(NULL))
		return locked(err, until);
	/* count the try first: a kill during the verification has used it. A
	 * database that cannot be written counts none: it can only be read
	 * (signing in there changes nothing), and whoever holds the file has
	 * its hashes anyway. */
	int count = !fb_store_readonly(st);
	if (count && (rc = tries_write(st,
	                               "UPDATE person_secrets SET failed = failed + 1 "
	                               "WHERE person_id = ?1 AND ?2 > 0 AND ?3 > 0",
	                               row_id, err)))
		return rc;
	size_t len = secret ? strlen(secret) : 0;
	fb_auth_verifications++;
	int ok = secret && len <= FB_AUTH_SECRET_MAX &&
	         crypto_pwhash_str_verify(hash, secret, len) == 0;
	ok = ok && row_id != 0;
	/* the outcome: the same one statement either way */
	if (count &&
	    (rc = tries_write(st,
	                      ok ? "UPDATE person_secrets SET failed = 0, locked_until = 0 "
	                           "WHERE person_id = ?1 AND ?2 > 0 AND ?3 > 0"
	                         : "UPDATE person_secrets SET "
	                           "locked_until = CASE WHEN person_id <> 0 AND failed >= ?2 "
	                           "THEN ?3 ELSE locked_until END, "
	                           "failed = CASE WHEN failed >= ?2 THEN 0 ELSE failed END "
	                           "WHERE person_id = ?1",
	                      row_id, err)))
		return rc;
	if (!ok)
		return fb_error_set(err, FB_EPERM, "password", _("wrong name or password"));
	/* made with other limits: make it again with these */
	if (count && crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0) {
		char fresh[crypto_pwhash_STRBYTES];
		if (hash_secret(secret, fresh, NULL) == FB_OK)
			store_hash(st, row_id, fresh, *must_change, NULL);
	}
	return FB_OK;
}

fb_status fb_auth_sign_in_id(fb_store *st, int64_t person_id, const char *secret,
                             fb_auth_result *res, fb_error *err)
{
	fb_auth_result r = {0};
	fb_status rc;
	if (person_id > 0) {
		fb_person p;
		rc = fb_person_get(st, person_id, &p, err);
		if (rc && rc != FB_ENOTFOUND)
			return rc;
		if (rc || p.deleted)
			person_id = 0; /* nobody by that number: as a wrong password */
		fb_person_free(&p);
		fb_error_clear(err);
	}
	int away = person_id > 0 ? staff_elsewhere(st, person_id, err) : 0;
	if (away < 0)
		return err && err->code ? err->code : FB_EDB;
	if (away)
		return fb_error_set(err, FB_EPERM, "name",
		                    _("headquarters staff sign in on headquarters' database, not on a "
		                      "work group's laptop"));
	int has = fb_auth_has_secret(st, person_id, err);
	if (has < 0)
		return fb_stmt_failed(err);
	if (person_id > 0 && !has) { /* the first sign-in sets it */
		char hash[crypto_pwhash_STRBYTES];
		if ((rc = fb_auth_secret_check(secret, err)) || (rc = hash_secret(secret, hash, err)) ||
		    (rc = store_hash(st, person_id, hash, 0, err)))
			return rc;
		r.first = 1;
	} else if ((rc = verify(st, person_id, secret, &r.must_change, err))) {
		return rc;
	}
	/* the person's key pair and the group's data key (seal.h) */
	if ((rc = fb_seal_sign_in(st, person_id, secret, err)))
		return rc;
	r.person_id = person_id;
	fb_store_set_actor(st, person_id);
	if (res)
		*res = r;
	return FB_OK;
}

fb_status fb_auth_sign_in(fb_store *st, const char *name, const char *secret,
                          fb_auth_result *res, fb_error *err)
{
	fb_person p;
	fb_status rc = fb_person_find(st, name ? name : "", 0, &p, err);
	int64_t id = 0;
	if (rc == FB_OK)
		id = p.deleted ? 0 : p.id;
	else if (rc != FB_ENOTFOUND)
		return rc; /* several of that name, or the database */
	if (rc == FB_OK)
		fb_person_free(&p);
	fb_error_clear(err);
	return fb_auth_sign_in_id(st, id, secret, res, err);
}

void fb_auth_sign_out(fb_store *st)
{
	fb_seal_forget(st);
	fb_store_set_actor(st, 0);
}

fb_status fb_auth_change(fb_store *st, const char *old_secret, const char *new_secret,
                         fb_error *err)
{
	int64_t me = fb_store_actor(st);
	if (!me)
		return fb_error_set(err, FB_EPERM, NULL,
		                    _("nobody is signed in: sign in to change a password"));
	fb_status rc = fb_auth_secret_check(new_secret, err);
	if (rc)
		return rc;
	int has = fb_auth_has_secret(st, me, err);
	if (has < 0)
		return fb_stmt_failed(err);
	int must_change = 0;
	if (has && (rc = verify(st, me, old_secret, &must_change, err)))
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_secret(new_secret, hash, err)) || (rc = store_hash(st, me, hash, 0, err)))
		return rc;
	/* the secret key wrapped under the new secret; after the hash: a kill
	 * between leaves a key pair that does not open, made again (and
	 * granted again, pending) at the next sign-in */
	return fb_seal_rewrap(st, me, has ? old_secret : NULL, new_secret, err);
}

fb_status fb_auth_reset(fb_store *st, int64_t person_id, const char *new_secret, fb_error *err)
{
	fb_person p;
	fb_status rc = fb_person_get(st, person_id, &p, err);
	if (rc)
		return rc;
	fb_perm_on on = {.group_id = p.group_id, .owner = p.id, .subject = p.role};
	if (p.id == fb_store_actor(st))
		rc = fb_error_set(err, FB_EPERM, NULL,
		                  _("your own password is changed with the old one, not reset"));
	else if (p.deleted)
		rc = fb_error_set(err, FB_ENOTFOUND, "person", _("%s is no longer on the roster"),
		                  p.name);
	else
		rc = fb_perm_check(st, FB_ACT_PERSON_RESET, &on, err);
	fb_person_free(&p);
	if (rc || (rc = fb_auth_secret_check(new_secret, err)))
		return rc;
	char hash[crypto_pwhash_STRBYTES];
	if ((rc = hash_secret(new_secret, hash, err)) || (rc = fb_store_begin(st, err)))
		return rc;
	/* who reset whose password, and when, is history (never the hash) */
	if ((rc = store_hash(st, person_id, hash, 1, err)) ||
	    (rc = fb_seal_reset(st, person_id, new_secret, err)) ||
	    (rc = fb_hist_note(st, "people", person_id, "reset", err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_auth_first_person(fb_store *st, fb_person *p, const char *secret, fb_error *err)
{
	if (fb_store_actor(st))
		return fb_error_set(err, FB_ESTATE, NULL, _("someone is already signed in"));
	char hash[crypto_pwhash_STRBYTES];
	fb_status rc;
	if (secret && ((rc = fb_auth_secret_check(secret, err)) || (rc = hash_secret(secret, hash, err))))
		return rc;
	/* fb_person_save allows a person without a signed-in one only while
	 * the roster is empty (perm.c): the first person, and no other */
	if ((rc = fb_store_begin(st, err)))
		return rc;
	if ((rc = fb_person_save(st, p, err)) ||
	    (secret && (rc = store_hash(st, p->id, hash, 0, err))) ||
	    (secret && (rc = fb_seal_sign_in(st, p->id, secret, err)))) {
		fb_store_rollback(st);
		fb_seal_forget(st);
		return rc;
	}
	if ((rc = fb_store_commit(st, err))) {
		fb_seal_forget(st);
		return rc;
	}
	fb_store_set_actor(st, p->id);
	return FB_OK;
}

fb_status fb_auth_give_everyone(fb_store *st, const char *secret, fb_error *err)
{
	char hash[crypto_pwhash_STRBYTES], now[21];
	fb_status rc = hash_secret(secret, hash, err);
	if (rc)
		return rc;
	sqlite3_stmt *s = fb_store_stmt(st,
	    "INSERT OR IGNORE INTO person_secrets (person_id, hash, changed_at) "
	    "SELECT id, ?1, ?2 FROM people WHERE deleted = 0", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	if ((rc = fb_step_done(st, s, err)) || (rc = fb_meta_set(st, "demo_password", secret, err)) ||
	    (rc = fb_seal_give_everyone(st, secret, err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

int fb_auth_setting_up(fb_store *st, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT 1 FROM people WHERE deleted = 0 LIMIT 1", err);
	if (!s)
		return -1;
	int row = fb_store_step(st, s, err);
	sqlite3_reset(s);
	return row < 0 ? -1 : !row;
}

int fb_auth_is_demo(fb_store *st)
{
	char *v = fb_meta_get(st, "demo_password");
	int yes = v && !strcmp(v, FB_DEMO_PASSWORD);
	free(v);
	return yes;
}
