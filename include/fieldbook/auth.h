/* auth.h - people sign in: passwords and PINs, lockout, resets.
 *
 * Each person has a password or a PIN of at least 6 digits, kept on this
 * laptop only (table person_secrets, 008_auth.sql) as an argon2id hash
 * (libsodium's crypto_pwhash_str: opslimit 3, memlimit 32 MiB; one
 * sign-in takes about 50-100 ms and 34 MiB here). A person who has none
 * sets it at their first sign-in; a forgotten one is reset by the group
 * leader (a member's) or HQ (anyone's). FB_AUTH_MAX_TRIES wrong tries in a
 * row lock the person for FB_AUTH_LOCK_SECONDS, written in the database so
 * a restart does not clear it. An unknown name costs the same reads,
 * writes and argon2id verification as a wrong password and gets the same
 * answer. Every change of a secret is one UPDATE in one transaction, the
 * hash computed before it: a kill at any moment leaves the old secret or
 * the new one working, never neither.
 *
 * A good sign-in also opens the group's data key for the personal fields
 * (fieldbook/seal.h): the person's key pair is unwrapped with a second
 * argon2id run of the same limits (made at their first sign-in), their
 * grant opened, pending grants written; sign-out forgets the key. A
 * password change wraps the key pair again; a reset makes a new one. */
#ifndef FIELDBOOK_AUTH_H
#define FIELDBOOK_AUTH_H

#include <stdint.h>
#include "fieldbook/group.h"
#include "fieldbook/store.h"

enum {
	FB_AUTH_MAX_TRIES = 5,      /* wrong tries in a row that lock */
	FB_AUTH_LOCK_SECONDS = 300, /* for how long */
	FB_AUTH_PIN_MIN = 6,        /* a PIN: at least this many digits */
	FB_AUTH_PASSWORD_MIN = 8,   /* a password (not all digits): at least this many characters */
	FB_AUTH_SECRET_MAX = 128,   /* bytes */
};

/* The password every person of a demo database has (fieldbook demo). */
#define FB_DEMO_PASSWORD "fieldbook-demo"

/* FB_OK if secret may be a person's: a PIN of at least FB_AUTH_PIN_MIN
 * digits or a password of at least FB_AUTH_PASSWORD_MIN characters, at
 * most FB_AUTH_SECRET_MAX bytes, no control characters. FB_EINVAL naming
 * "password" and why. */
fb_status fb_auth_secret_check(const char *secret, fb_error *err);

/* 1 if the person has a secret on this laptop, 0 if not (their first
 * sign-in sets it), -1 on an error. */
int fb_auth_has_secret(fb_store *st, int64_t person_id, fb_error *err);

/* What a sign-in found, beyond its status. */
typedef struct fb_auth_result {
	int64_t person_id; /* who signed in */
	int first;         /* the secret given became theirs (they had none) */
	int must_change;   /* the secret was set by a reset: they should change it */
} fb_auth_result;

/* Sign in person_id (0: a name no one has) with secret; on success the
 * person is the store's actor. A person with no secret yet gets this one
 * (it must pass fb_auth_secret_check). Wrong secret or unknown person:
 * FB_EPERM "wrong name or password"; locked: FB_ESTATE saying until when.
 * res may be NULL. */
fb_status fb_auth_sign_in_id(fb_store *st, int64_t person_id, const char *secret,
                             fb_auth_result *res, fb_error *err);
/* The same by name or number (fb_person_find: 李习 finds 李　习); an
 * unknown name is treated as above, several people of that name are
 * FB_EINVAL naming them. */
fb_status fb_auth_sign_in(fb_store *st, const char *name, const char *secret,
                          fb_auth_result *res, fb_error *err);
/* Nobody acts on the store any more. */
void fb_auth_sign_out(fb_store *st);

/* The signed-in person changes their own secret: old_secret is checked as
 * a sign-in is (a wrong one counts towards the lock), new_secret must pass
 * fb_auth_secret_check. */
fb_status fb_auth_change(fb_store *st, const char *old_secret, const char *new_secret,
                         fb_error *err);
/* Reset another person's secret to new_secret (given to them, to be
 * changed at their next sign-in): the acting person needs person.reset on
 * them (a leader for a member of their group, HQ for anyone). Clears their
 * lock. The reset is recorded with who and when (changed_by, changed_at). */
fb_status fb_auth_reset(fb_store *st, int64_t person_id, const char *new_secret, fb_error *err);

/* Set up a new database's first person (init): allowed only while the
 * database has no live person. Saves p (fb_person_save), gives them
 * secret when not NULL (else their first sign-in sets it), and makes them
 * the acting person, who then adds the rest of the group. */
fb_status fb_auth_first_person(fb_store *st, fb_person *p, const char *secret, fb_error *err);

/* 1 if the database has no live person yet (it is being set up: the
 * first group and fb_auth_first_person need nobody signed in), 0 if it
 * has, -1 on an error. */
int fb_auth_setting_up(fb_store *st, fb_error *err);

/* 1 if this database was made by fieldbook demo (its people's password is
 * FB_DEMO_PASSWORD), 0 if not. */
int fb_auth_is_demo(fb_store *st);

#endif
