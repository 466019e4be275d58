/* sha256.h - SHA-256 for bundle checksums, streaming, under the names the
 * sync code uses: OpenSSL's libcrypto, whose SHA-256 runs on the CPU's SHA
 * instructions (libsodium's is portable C, five times slower, and a bundle's
 * members are hashed whole on every import). A plain struct: copyable, no
 * allocation, nothing to free. */
#ifndef FB_SYNC_SHA256_H
#define FB_SYNC_SHA256_H

#include <stddef.h>
#include <openssl/sha.h>

typedef SHA256_CTX fb_sha256;

void fb_sha256_init(fb_sha256 *c);
void fb_sha256_update(fb_sha256 *c, const void *data, size_t n);
/* Finish; 32 raw bytes into out. */
void fb_sha256_final(fb_sha256 *c, unsigned char out[32]);
/* Finish; 64 lowercase hex digits and NUL into hex. */
void fb_sha256_hex(fb_sha256 *c, char hex[65]);

#endif
