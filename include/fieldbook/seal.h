/* seal.h - personal data sealed at rest.
 *
 * The personal fields (workers' name, phone, id_number, raised; contacts'
 * name, phone, id_number; units' contact_person, contact_phone; contact
 * sheets' met_with; tickets' raised_by) are stored sealed with the
 * database's data key: 32 random bytes, never stored, granted to each
 * person as crypto_box_seal to their own X25519 key pair, whose secret key
 * is wrapped under their password or PIN (argon2id). Signing in opens it
 * (auth.c calls fb_seal_sign_in); signing out and closing forget it.
 *
 * A sealed value is "fb1:" + base64 (URL-safe, no padding) of a 24-byte
 * nonce and its XChaCha20-Poly1305 ciphertext, the column's name
 * ("workers.name") as associated data. Sealing is deterministic: equal
 * values have equal ciphertexts within one database (equality is visible,
 * content is not), so SQL equality still finds the same worker met again.
 * "" stays "". A value without the prefix is legacy plain text, sealed at
 * the first key holder's sign-in. */
#ifndef FIELDBOOK_SEAL_H
#define FIELDBOOK_SEAL_H

#include <stddef.h>
#include <stdint.h>
#include "fieldbook/store.h"

#define FB_SEAL_PREFIX "fb1:"

/* 1 if the store holds the data key now (someone with a grant signed in). */
int fb_seal_key_held(fb_store *st);
/* 1 if the database has its data key (granted to someone), 0 if not yet
 * (new, or from before sealing: its first sign-in makes it), -1 error. */
int fb_seal_db_has_key(fb_store *st, fb_error *err);
/* 1 if value is sealed (starts with FB_SEAL_PREFIX). */
int fb_seal_is_value(const char *value);
/* What a read shows for a sealed value that cannot be opened now
 * ("(sealed)", translated). */
const char *fb_seal_placeholder(void);
/* FB_EPERM naming field: personal data needs the group's key. */
fb_status fb_seal_need_key(fb_error *err, const char *field);

/* Seal plain for col ("table.column") into *out (caller frees): NULL or ""
 * gives "". FB_EPERM (fb_seal_need_key naming field) when no key is held,
 * FB_EINVAL if plain is already sealed. */
fb_status fb_seal_text(fb_store *st, const char *col, const char *field, const char *plain,
                       char **out, fb_error *err);
/* Seal n values at once: in[i] of cols[i] (its field: the part after the
 * dot) into out[i]; on an error every out[i] is NULL. Free them with
 * fb_seal_many_free. */
fb_status fb_seal_many(fb_store *st, int n, const char *const *cols, const char *const *in,
                       char **out, fb_error *err);
void fb_seal_many_free(int n, char **out);
/* Seal *value of col in place (it is malloc'ed, or NULL for ""). */
fb_status fb_seal_field(fb_store *st, const char *col, const char *field, char **value,
                        fb_error *err);
/* Open value of col strictly into *out (caller frees): plain text is
 * copied. FB_EPERM when no key is held, FB_EINVAL if it does not open. */
fb_status fb_seal_open_text(fb_store *st, const char *col, const char *value, char **out,
                            fb_error *err);
/* value as a reader sees it: opened, plain text as it is, else the
 * placeholder (no key, or it does not open). NULL only out of memory.
 * Caller frees. */
char *fb_seal_reveal(fb_store *st, const char *col, const char *value);
/* The same into out (truncated at a character). */
char *fb_seal_reveal_buf(fb_store *st, const char *col, const char *value, char *out, size_t size);
/* Replace the malloc'ed *value of col by what fb_seal_reveal gives;
 * FB_ENOMEM. */
fb_status fb_seal_reveal_field(fb_store *st, const char *col, char **value, fb_error *err);

/* ---- the key's life (auth.c) ---- */

/* After person_id's secret verified: give them a key pair if they have
 * none, open their grant and hold the data key; make the data key if the
 * database has none (or grant the key held now, by whoever signed in
 * before them in this process); as a holder, grant it to everyone waiting
 * and seal legacy plain values. A grant that does not open leaves the key closed
 * (FB_OK): only the database can fail. */
fb_status fb_seal_sign_in(fb_store *st, int64_t person_id, const char *secret, fb_error *err);
/* person_id changes their secret: their secret key wrapped again (a new
 * key pair if the old one does not open with old_secret). */
fb_status fb_seal_rewrap(fb_store *st, int64_t person_id, const char *old_secret,
                         const char *new_secret, fb_error *err);
/* person_id's secret was reset to new_secret: a new key pair, their grant
 * made again at once if the store holds the key (else pending). Inside
 * the caller's transaction. */
fb_status fb_seal_reset(fb_store *st, int64_t person_id, const char *new_secret, fb_error *err);
/* The demo: every live person without a key pair gets one under secret
 * (one salt for all: the demo password is public), the data key made if
 * none and granted to all. Inside the caller's transaction. */
fb_status fb_seal_give_everyone(fb_store *st, const char *secret, fb_error *err);
/* Forget the data key (sign-out); the store's close does it too. */
void fb_seal_forget(fb_store *st);
/* The holder seals every legacy plain personal value (one transaction),
 * then checkpoints the WAL. */
fb_status fb_seal_legacy(fb_store *st, fb_error *err);
/* Register the SQL function fb_open(col, value) on the store's connection:
 * the opened text, plain text as it is, NULL if it does not open now. */
fb_status fb_seal_register(fb_store *st, fb_error *err);

#endif
