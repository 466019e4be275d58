/* seal_impl.h - the insides of seal.c and seal_keys.c. */
#ifndef FIELDBOOK_SEAL_IMPL_H
#define FIELDBOOK_SEAL_IMPL_H

#include "fieldbook/seal.h"

#define FB_SEAL_KEY 32
#define FB_SEAL_CONTEXT "fbseal01" /* crypto_kdf context: 8 bytes */
/* the argon2id limits of auth.c's hashes */
#define FB_SEAL_OPSLIMIT 3ULL
#define FB_SEAL_MEMLIMIT (32UL << 20)

/* The data key held while a holder is signed in (sodium_malloc'ed,
 * read-only, zeroed when freed): the key and its two working subkeys. */
typedef struct fb_seal_held {
	unsigned char key[FB_SEAL_KEY];
	unsigned char enc[FB_SEAL_KEY]; /* XChaCha20-Poly1305 */
	unsigned char mac[FB_SEAL_KEY]; /* the nonce's keyed BLAKE2b */
} fb_seal_held;

/* The held key, NULL if none. */
const fb_seal_held *fb_seal_held_key(fb_store *st);
/* Hold key in the store (a copy). */
fb_status fb_seal_hold(fb_store *st, const unsigned char key[FB_SEAL_KEY], fb_error *err);
/* The check value of key stored in seal_key. */
void fb_seal_check_value(const unsigned char key[FB_SEAL_KEY], unsigned char check[FB_SEAL_KEY]);
/* Seal plain for col with h: a new string, NULL out of memory. */
char *fb_seal_with_held(const fb_seal_held *h, const char *col, const char *plain);

#endif
