/* test_sync_sha256.c - the bundle checksum (libcrypto's SHA-256 under
 * fb_sha256) against the FIPS 180-4 / NIST CAVS vectors, fed whole and in
 * odd-sized pieces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "testutil.h"

static void hex_of(const char *data, size_t n, size_t piece, char out[65])
{
	fb_sha256 c;
	fb_sha256_init(&c);
	for (size_t i = 0; i < n; i += piece)
		fb_sha256_update(&c, data + i, n - i < piece ? n - i : piece);
	fb_sha256_hex(&c, out);
}

static void check(const char *data, size_t n, const char *want)
{
	static const size_t pieces[] = {1, 3, 63, 64, 65, 1000000};
	char got[65];
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		hex_of(data, n, pieces[i], got);
		assert_string_equal(got, want);
	}
}

static void test_nist_short(void **state)
{
	(void)state;
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	check(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_nist_million_a(void **state)
{
	(void)state;
	char *a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	check(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* Padding boundaries: 55, 56, 63, 64 bytes (vectors from sha256sum). */
static void test_boundaries(void **state)
{
	(void)state;
	char b[64];
	memset(b, 'x', sizeof b);
	check(b, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	check(b, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
	check(b, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_short),
		cmocka_unit_test(test_nist_million_a),
		cmocka_unit_test(test_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
