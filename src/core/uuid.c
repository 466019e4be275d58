/* uuid.c - record identities: version-7 UUIDs from the clock and the
 * kernel's random numbers (or, for demo data, from a seeded generator). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <unistd.h>

#include "fieldbook/i18n.h"
#include "fieldbook/store.h"
#include "internal.h"

#define RANDOM_TRIES 8 /* getrandom interrupted this often: give up */

static void format_uuid(const unsigned char b[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	int k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[b[i] >> 4];
		out[k++] = hex[b[i] & 15];
	}
	out[k] = '\0';
}

/* Version-7 layout: 48-bit big-endian milliseconds, version, variant. */
static void uuid_v7(unsigned char b[16], int64_t ms, char out[37])
{
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)((uint64_t)ms >> (40 - 8 * i));
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x70);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	format_uuid(b, out);
}

/* Fill b with n random bytes from the kernel: getrandom, a bounded number
 * of times when interrupted, else /dev/urandom. 0, or -1 if neither
 * gives them. */
static int random_bytes(unsigned char *b, size_t n)
{
	size_t got = 0;
	for (int tries = 0; got < n && tries < RANDOM_TRIES; tries++) {
		ssize_t k = getrandom(b + got, n - got, 0);
		if (k > 0)
			got += (size_t)k;
		else if (k < 0 && errno != EINTR)
			break; /* ENOSYS (no such call), EPERM (a sandbox): try the device */
	}
	if (got == n)
		return 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	for (int tries = 0; fd >= 0 && got < n && tries < RANDOM_TRIES; tries++) {
		ssize_t k = read(fd, b + got, n - got);
		if (k > 0)
			got += (size_t)k;
		else if (k == 0 || errno != EINTR)
			break;
	}
	if (fd >= 0)
		close(fd);
	return got == n ? 0 : -1;
}

fb_status fb_uuid_random(char out[37], fb_error *err)
{
	unsigned char b[16];
	struct timeval tv;
	out[0] = '\0';
	if (random_bytes(b, sizeof b) < 0)
		return fb_error_set(
			err, FB_EIO, NULL,
			_("the system gives no random numbers (getrandom, /dev/urandom): "
		          "%s"),
			strerror(errno));
	gettimeofday(&tv, NULL);
	uuid_v7(b, (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000, out);
	return FB_OK;
}

fb_status fb_new_uuid(char out[37], fb_error *err)
{
	if (out[0])
		return FB_OK; /* the caller's own (a draft's, a bundle's) */
	return fb_uuid_random(out, err);
}

/* splitmix64: small, fast, good enough for synthetic data. */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void fb_uuid_from_rng(uint64_t *state, int64_t ms, char out[37])
{
	unsigned char b[16];
	uint64_t a = splitmix(state), c = splitmix(state);
	memcpy(b, &a, 8);
	memcpy(b + 8, &c, 8);
	uuid_v7(b, ms, out);
}

int fb_uuid_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}
