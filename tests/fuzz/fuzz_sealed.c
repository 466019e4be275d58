/* fuzz_sealed.c - libFuzzer target for what a stranger's bundle shows
 * before anything is trusted: the manifest.sig parser (then the signature
 * and rotation checks on whatever parsed) and the sealed-bundle reader
 * (header, key block, first record, the records after), opened with a real
 * device's keys. The first byte picks: even, the bytes after it are a
 * manifest.sig followed by the "manifest" it signs (split where the parser
 * says the signed text ends); odd, they follow FB_SEAL_MAGIC in a file
 * opened as a sealed bundle. Any bytes must give a clean error with a
 * message, never a crash, a leak or a read past the input.
 *   ./fuzz_sealed -max_total_time=60 tests/fuzz/corpus/sealed */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/store.h"
#include "seal.h"
#include "signature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static fb_store *st;

static void cleanup(void)
{
	char cmd[128];
	fb_store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		return;
}

/* A device with its keys (made by the first open), once per process. */
static void setup(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/fuzz_sealed.XXXXXX", base);
	if (!mkdtemp(dir))
		abort();
	char path[128];
	snprintf(path, sizeof path, "%s/dev.db", dir);
	fb_error err = {0};
	if (fb_store_open(path, FB_OPEN_CREATE, &st, &err))
		abort();
	atexit(cleanup);
}

static void signature(const char *text, size_t n)
{
	fb_bundle_sig sig;
	fb_error err = {0};
	if (fb_sig_parse(text, n, &sig, &err) != FB_OK) {
		if (!err.msg[0])
			abort();
		return;
	}
	if (sig.signed_len > n)
		abort(); /* the signed text cannot be longer than what was read */
	const char *man = text + sig.signed_len;
	(void)fb_sig_verify(&sig, text, man, n - sig.signed_len, sig.k.sign);
	(void)fb_sig_rotation_valid(&sig);
}

static void sealed(const uint8_t *data, size_t size)
{
	char path[128];
	snprintf(path, sizeof path, "%s/in.bundle", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	if (write(fd, FB_SEAL_MAGIC, FB_SEAL_MAGIC_LEN) != FB_SEAL_MAGIC_LEN ||
	    (size && write(fd, data, size) != (ssize_t)size) || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	fb_seal_reader r;
	char *head = NULL;
	size_t hn = 0;
	fb_error err = {0};
	fb_status s = fb_seal_open(&r, fd, path, st, NULL, &head, &hn, &err);
	if (s == FB_OK) {
		/* only the device's own sealing gets here: read the rest too */
		int out = open("/dev/null", O_WRONLY);
		if (out < 0)
			abort();
		s = fb_seal_rest(&r, out, &err);
		close(out);
		free(head);
	}
	fb_seal_close(&r); /* open or not, as the importer does */
	if (s != FB_OK && !err.msg[0])
		abort();
	close(fd);
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st)
		setup();
	if (size < 1)
		return 0;
	if (data[0] % 2 == 0)
		signature((const char *)data + 1, size - 1);
	else
		sealed(data + 1, size - 1);
	return 0;
}
