/* sha256.c - the bundle checksums through libcrypto's SHA256_* functions.
 * OpenSSL 3 marks them deprecated in favour of EVP, whose context is
 * allocated and cannot be copied by assignment (csvread.c takes a running
 * hash's value so); they are the same code, kept for all of 3.x. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sha256.h"

#include <sodium.h>

void fb_sha256_init(fb_sha256 *c) { SHA256_Init(c); }

void fb_sha256_update(fb_sha256 *c, const void *data, size_t n) { SHA256_Update(c, data, n); }

void fb_sha256_final(fb_sha256 *c, unsigned char out[32]) { SHA256_Final(out, c); }

void fb_sha256_hex(fb_sha256 *c, char hex[65])
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	fb_sha256_final(c, d);
	sodium_bin2hex(hex, 65, d, sizeof d);
}
