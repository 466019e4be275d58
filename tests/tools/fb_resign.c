/* fb_resign.c - sign a bundle's manifest.txt as an attacker who holds a
 * station's laptop would: with the secret key read out of its database
 * (sqlite3), written independently of fieldbook's own signing code (the
 * format of fieldbook-bundle(5), SIGNATURE). Test tool, not installed.
 *
 *   fb_resign DB DIR [--device ID] [--seq N]
 *
 * writes DIR/manifest.sig for DIR/manifest.txt: the device and keys of DB
 * (or the device ID claimed), sequence N (default: the clock's revision
 * now, unique to the microsecond). */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = malloc(1 << 20);
	*n = b ? fread(b, 1, 1 << 20, f) : 0;
	fclose(f);
	return b;
}

int main(int argc, char **argv)
{
	if (argc < 3 || sodium_init() < 0) {
		fprintf(stderr, "usage: fb_resign DB DIR [--device ID] [--seq N]\n");
		return 2;
	}
	const char *device = NULL;
	/* the clock's revision form (ms << 16): microseconds in the low bits, so
	 * that two bundles crafted within one second are not the same number (a
	 * replay to the importer) */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	long long us = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	long long seq = (us / 1000) << 16 | (us % 1000) * 64;
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--device"))
			device = argv[i + 1];
		else if (!strcmp(argv[i], "--seq"))
			seq = atoll(argv[i + 1]);
	}
	sqlite3 *db;
	sqlite3_stmt *s;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT (SELECT value FROM meta WHERE key = 'device_id'), sign_pk, "
	                           "sign_sk, box_pk FROM device_keys WHERE retired_at IS NULL",
	                       -1, &s, NULL) ||
	    sqlite3_step(s) != SQLITE_ROW) {
		fprintf(stderr, "fb_resign: %s: no keys: %s\n", argv[1], sqlite3_errmsg(db));
		return 1;
	}
	char dev[64], sk[65], bk[65];
	snprintf(dev, sizeof dev, "%s", device ? device : (const char *)sqlite3_column_text(s, 0));
	unsigned char secret[64];
	memcpy(secret, sqlite3_column_blob(s, 2), 64);
	sodium_bin2hex(sk, sizeof sk, sqlite3_column_blob(s, 1), 32);
	sodium_bin2hex(bk, sizeof bk, sqlite3_column_blob(s, 3), 32);
	sqlite3_finalize(s);
	sqlite3_close(db);
	char path[4096], text[1024];
	snprintf(path, sizeof path, "%s/manifest.txt", argv[2]);
	size_t mn;
	char *man = slurp(path, &mn);
	if (!man) {
		perror(path);
		return 1;
	}
	int n = snprintf(text, sizeof text, "fieldbook-signature 1\ndevice %s\nseq %lld\nsign_key %s\n"
	                 "box_key %s\n", dev, seq, sk, bk);
	crypto_sign_state c;
	unsigned char sig[64];
	char sh[129];
	crypto_sign_init(&c);
	crypto_sign_update(&c, (unsigned char *)text, (unsigned long long)n);
	crypto_sign_update(&c, (unsigned char *)man, mn);
	crypto_sign_final_create(&c, sig, NULL, secret);
	sodium_bin2hex(sh, sizeof sh, sig, 64);
	snprintf(path, sizeof path, "%s/manifest.sig", argv[2]);
	FILE *f = fopen(path, "wb");
	if (!f || fprintf(f, "%ssignature %s\n", text, sh) < 0 || fclose(f)) {
		perror(path);
		return 1;
	}
	free(man);
	return 0;
}
