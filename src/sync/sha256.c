/* sha256.c - the bundle checksums through libsodium (crypto_hash_sha256). */
#include "sha256.h"

void fb_sha256_init(fb_sha256 *c)
{
	crypto_hash_sha256_init(c);
}

void fb_sha256_update(fb_sha256 *c, const void *data, size_t n)
{
	crypto_hash_sha256_update(c, data, n);
}

void fb_sha256_final(fb_sha256 *c, unsigned char out[32])
{
	crypto_hash_sha256_final(c, out);
}

void fb_sha256_hex(fb_sha256 *c, char hex[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(c, d);
	sodium_bin2hex(hex, 65, d, sizeof d);
}
