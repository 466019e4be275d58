/* keys.h - this device's keys and the peers' pinned public keys.
 *
 * Every database holds one current pair of each: Ed25519 (signs the
 * bundles it writes) and X25519 (opens the bundles sealed to it), made at
 * the first open (libsodium). A pair can be rotated: the new public keys
 * are signed by the old secret key (the rotation record every later bundle
 * carries), and the old pair is kept, retired, to open bundles sealed to
 * it before. Secret keys leave the database only in a backup protected by
 * a passphrase (argon2id + XSalsa20-Poly1305).
 *
 * A peer (a station's laptop, HQ) is trusted once a person pinned its
 * public keys: after comparing its fingerprint (six groups of five
 * digits) or from a station kit. */
#ifndef FIELDBOOK_KEYS_H
#define FIELDBOOK_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include <sodium.h>

#include "fieldbook/error.h"
#include "fieldbook/store.h"

#define FB_KEY_BYTES 32
#define FB_SIG_BYTES 64
#define FB_FINGERPRINT_SIZE 36 /* "12345 67890 12345 67890 12345 67890" and NUL */
#define FB_PASSPHRASE_MIN 8    /* characters of a backup or kit passphrase */

/* A device's public keys. */
typedef struct fb_pubkeys {
	unsigned char sign[FB_KEY_BYTES]; /* Ed25519 */
	unsigned char box[FB_KEY_BYTES];  /* X25519 */
} fb_pubkeys;

/* The fingerprint a person compares: six groups of five digits from a
 * BLAKE2b hash of both public keys. */
void fb_key_fingerprint(const fb_pubkeys *k, char out[FB_FINGERPRINT_SIZE]);
/* 1 if text names fingerprint fp: the same digits, whatever spaces or
 * dashes were typed between them; text may list several, separated by
 * commas. */
int fb_key_fingerprint_matches(const char *text, const char *fp);

/* Make this device's pairs if it has none (called by fb_store_open on a
 * writable store). */
fb_status fb_keys_ensure(fb_store *st, fb_error *err);
/* This device's current public keys. */
fb_status fb_keys_own(fb_store *st, fb_pubkeys *out, fb_error *err);
/* Sign n bytes of msg with this device's current signing key. */
fb_status fb_keys_sign(fb_store *st, const void *msg, size_t n, unsigned char sig[FB_SIG_BYTES],
                       fb_error *err);
/* Finish the multi-part (Ed25519ph) signature c with this device's
 * current signing key. */
fb_status fb_keys_sign_state(fb_store *st, crypto_sign_state *c, unsigned char sig[FB_SIG_BYTES],
                             fb_error *err);
/* Open a sealed box (crypto_box_seal) of n bytes addressed to this device,
 * with the current or a retired pair; out gets n - crypto_box_SEALBYTES
 * bytes. FB_ENOTFOUND (no message) if none of this device's pairs opens it. */
fb_status fb_keys_unseal(fb_store *st, const unsigned char *c, size_t n, unsigned char *out,
                         fb_error *err);

/* The rotation record of the current pair: the previous signing key and
 * its signature over the current public keys. 1 filled in, 0 the current
 * pair is the first (no record), -1 on a database error. */
int fb_keys_rotation(fb_store *st, unsigned char prev_sign[FB_KEY_BYTES],
                     unsigned char sig[FB_SIG_BYTES], fb_error *err);
/* The message a rotation record signs: device and new public keys. Into
 * buf (at least 160 bytes); its length. */
size_t fb_keys_rotation_msg(const char *device, const fb_pubkeys *k, char *buf, size_t size);
/* New pairs in one transaction: the old ones retired, the rotation record
 * signed by the old signing key. */
fb_status fb_keys_rotate(fb_store *st, fb_error *err);

/* Write this device's id and current pairs to path (0600, written
 * atomically), sealed with a key derived from passphrase (argon2id,
 * moderate limits). */
fb_status fb_keys_backup(fb_store *st, const char *path, const char *passphrase, fb_error *err);
/* Take the device id and pairs of the backup at path into this database,
 * which must not hold records of its own yet (a new one from init). A
 * wrong passphrase or a changed file: FB_EINVAL, nothing written. */
fb_status fb_keys_restore(fb_store *st, const char *path, const char *passphrase, fb_error *err);

/* ---- peers ---- */

typedef struct fb_peer_key {
	int64_t id;
	char device[37];
	int is_hq;               /* 'hq', else 'station' */
	char group_uuid[37];     /* a station's group, "" for HQ */
	fb_pubkeys k;
	char pinned_by[16];      /* fingerprint, kit, rotation */
	char pinned_at[21];
	int64_t rotated_from;    /* 0 if none */
	char retired_at[21];     /* "" while current */
} fb_peer_key;

/* The pinned key of device whose signing key is sign (current or retired):
 * 1 found, 0 none, -1 on a database error. */
int fb_peer_find(fb_store *st, const char *device, const unsigned char sign[FB_KEY_BYTES],
                 fb_peer_key *out, fb_error *err);
/* The current pinned key of device: 1, 0 none, -1 error. */
int fb_peer_current(fb_store *st, const char *device, fb_peer_key *out, fb_error *err);
/* Whom a bundle is sealed to: HQ's current key (hq = 1) or the current key
 * of the station of group_uuid. 1, 0 none pinned, -1 error. */
int fb_peer_recipient(fb_store *st, int hq, const char *group_uuid, fb_peer_key *out,
                      fb_error *err);
/* Is this device HQ? A device that pinned HQ's keys is a station; one
 * that pinned a station's keys is HQ; otherwise a database of exactly one
 * work group is that group's station, and any other HQ. 1, 0, -1 error. */
int fb_keys_is_hq(fb_store *st, fb_error *err);
/* Pin k (device, kind, group, keys; pinned_by and rotated_from as given):
 * the device's current key, if any, is retired. */
fb_status fb_peer_pin(fb_store *st, const fb_peer_key *k, fb_error *err);

#endif
