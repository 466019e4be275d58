/* signature.h - the bundle's manifest.sig: the sender's Ed25519 signature
 * over the manifest (minisign-like: a detached signature with signed
 * "trusted" lines - the device, the bundle's sequence number, the sender's
 * public keys and the rotation record of its current keys). See
 * packaging/fieldbook-bundle(5), SIGNATURE. */
#ifndef FB_SYNC_SIGNATURE_H
#define FB_SYNC_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include "fieldbook/keys.h"
#include "fieldbook/store.h"

#define FB_SIG_NAME "manifest.sig"
#define FB_SIG_MAX 4096          /* size cap of manifest.sig when reading */

typedef struct fb_bundle_sig {
	char device[37];
	int64_t seq;                 /* the sender's bundle counter (a revision) */
	fb_pubkeys k;                /* the keys that signed (and open replies) */
	int rotated;                 /* the rotation record is present: */
	unsigned char prev_sign[FB_KEY_BYTES]; /* the key these keys replaced */
	unsigned char rotation_sig[FB_SIG_BYTES]; /* its signature over them */
	unsigned char sig[FB_SIG_BYTES];
	size_t signed_len;           /* bytes of the text the signature covers */
} fb_bundle_sig;

/* manifest.sig for the n bytes of manifest, signed with this device's
 * current key, into *out (caller frees) and *outlen. */
fb_status fb_sig_make(fb_store *st, int64_t seq, const char *manifest, size_t n, char **out,
                      size_t *outlen, fb_error *err);
/* Parse manifest.sig (n bytes); FB_EFORMAT naming the line on error. */
fb_status fb_sig_parse(const char *s, size_t n, fb_bundle_sig *sig, fb_error *err);
/* 1 if sig (parsed from text) is a valid signature of pk over text's
 * signed lines and the manifest's n bytes. */
int fb_sig_verify(const fb_bundle_sig *sig, const char *text, const char *manifest, size_t n,
                  const unsigned char pk[FB_KEY_BYTES]);
/* 1 if sig's rotation record is prev_sign's valid signature over sig's keys. */
int fb_sig_rotation_valid(const fb_bundle_sig *sig);

#endif
