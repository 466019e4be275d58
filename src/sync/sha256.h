/* sha256.h - SHA-256 (FIPS 180-4), streaming, for bundle checksums. */
#ifndef FB_SYNC_SHA256_H
#define FB_SYNC_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct fb_sha256 {
	uint32_t h[8];       /* chaining state */
	uint64_t len;        /* bytes hashed so far */
	unsigned char buf[64]; /* partial block */
	size_t fill;         /* bytes in buf */
} fb_sha256;

void fb_sha256_init(fb_sha256 *c);
void fb_sha256_update(fb_sha256 *c, const void *data, size_t n);
/* Finish; 32 raw bytes into out. */
void fb_sha256_final(fb_sha256 *c, unsigned char out[32]);
/* Finish; 64 lowercase hex digits and NUL into hex. */
void fb_sha256_hex(fb_sha256 *c, char hex[65]);
/* Test hook: on = 1 uses the portable code even where the CPU has SHA
 * instructions, so that tests check both (0: the fastest again). */
void fb_sha256_portable(int on);

#endif
