/* fuzz_manifest.c - libFuzzer target for the bundle manifest parser: any
 * bytes give a manifest or a clean error; a parsed manifest writes out and
 * parses back to the same.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc/sync \
 *     tests/fuzz/fuzz_manifest.c src/sync/manifest.c src/core/error.c \
 *     src/core/text.c src/core/store.c ... (or link build/src/core/libfieldbook.a)
 *   ./fuzz_manifest -max_total_time=60 tests/fuzz/corpus/manifest */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fb_manifest a, b;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_error err = {0};
	if (fb_manifest_parse((const char *)data, size, &a, &err) != FB_OK) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return 0;
	fb_manifest_write(&a, f);
	fclose(f);
	if (fb_manifest_parse(buf, len, &b, &err) != FB_OK || a.nfiles != b.nfiles ||
	    a.nseen != b.nseen || strcmp(a.bundle_id, b.bundle_id) || a.rev_to != b.rev_to)
		abort();
	free(buf);
	return 0;
}
