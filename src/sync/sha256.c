/* sha256.c - SHA-256 (FIPS 180-4) in plain C, checked against the NIST
 * vectors in tests/unit/test_sync_sha256.c. Kept here instead of linking
 * OpenSSL for one function. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI_CODE 1
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* Compress nblocks 64-byte blocks into the state. */
static void blocks(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	while (nblocks--) {
		uint32_t w[64];
		for (int i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
			       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
		for (int i = 16; i < 64; i++) {
			uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
			uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6],
		         hh = h[7];
		for (int i = 0; i < 64; i++) {
			uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
			              K[i] + w[i];
			uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
			hh = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
		p += 64;
	}
}

#ifdef HAVE_SHANI_CODE
/* The same compression with the x86 SHA extensions (SHA-NI), about five
 * times faster; chosen at run time when the CPU has them. */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_shani(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);
	__m128i s1 = _mm_loadu_si128((const __m128i *)&h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);      /* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1B);        /* EFGH */
	__m128i s0 = _mm_alignr_epi8(tmp, s1, 8); /* ABEF */
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);     /* CDGH */
	while (nblocks--) {
		__m128i abef = s0, cdgh = s1, w[4];
		for (int g = 0; g < 16; g++) {
			if (g < 4) {
				w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)),
				                        mask);
			} else {
				__m128i a = w[g & 3], b = w[(g + 1) & 3], c = w[(g + 2) & 3],
				        d = w[(g + 3) & 3];
				w[g & 3] = _mm_sha256msg2_epu32(
				    _mm_add_epi32(_mm_sha256msg1_epu32(a, b), _mm_alignr_epi8(d, c, 4)), d);
			}
			__m128i msg = _mm_add_epi32(w[g & 3],
			                            _mm_loadu_si128((const __m128i *)&K[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
			msg = _mm_shuffle_epi32(msg, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
		p += 64;
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B);   /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);    /* DCHG */
	s0 = _mm_blend_epi16(tmp, s1, 0xF0); /* DCBA */
	s1 = _mm_alignr_epi8(s1, tmp, 8);    /* ABEF */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}

static int portable_only; /* the test hook: fb_sha256_portable */

/* 1 if the CPU has SHA-NI, SSE4.1 and SSSE3 (asked once) and the portable
 * code is not forced. */
static int have_shani(void)
{
	static int known = -1; /* a property of the CPU, the same for every caller */
	if (known < 0) {
		unsigned a, b, c, d;
		known = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19)) && (c & (1u << 9)) &&
		        __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
	}
	return known && !portable_only;
}
#endif

void fb_sha256_portable(int on)
{
#ifdef HAVE_SHANI_CODE
	portable_only = on;
#else
	(void)on;
#endif
}

/* Compress with the fastest code this CPU runs. */
static void compress(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
#ifdef HAVE_SHANI_CODE
	if (have_shani()) {
		blocks_shani(h, p, nblocks);
		return;
	}
#endif
	blocks(h, p, nblocks);
}

void fb_sha256_init(fb_sha256 *c)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, iv, sizeof iv);
	c->len = 0;
	c->fill = 0;
}

void fb_sha256_update(fb_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->len += n;
	if (c->fill) {
		size_t take = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->buf + c->fill, p, take);
		c->fill += take;
		p += take;
		n -= take;
		if (c->fill < 64)
			return;
		compress(c->h, c->buf, 1);
		c->fill = 0;
	}
	if (n >= 64) {
		compress(c->h, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	memcpy(c->buf, p, n);
	c->fill = n;
}

void fb_sha256_final(fb_sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = {0x80};
	size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
	fb_sha256_update(c, pad, padlen + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void fb_sha256_hex(fb_sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[32];
	fb_sha256_final(c, raw);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 15];
	}
	hex[64] = 0;
}
