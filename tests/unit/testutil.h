/* testutil.h - fixtures for the cmocka tests: temporary databases with a
 * work group and its people. */
#ifndef FB_TESTUTIL_H
#define FB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fieldbook/fieldbook.h"

typedef struct fixture {
	char dir[64];   /* temporary directory, removed by fx_free */
	char path[128]; /* dir/test.db */
	fb_store *st;
	int64_t group_id;
	int64_t leader_id, member_id, other_id; /* people of the group */
	int64_t hq_id;     /* a person of HQ (fx_hq), 0 until asked for */
} fixture;

/* The secret the fixture's leader's key pair is wrapped under (they have
 * no password: fx_new opens the group's data key with it, seal.h). */
#define FX_KEY_SECRET "fixture-key-secret"
/* A new store in a fresh temporary directory, with one group (a leader and
 * two members), the group's data key held. */
fixture *fx_new(void);
/* A new empty store (no group). */
fixture *fx_new_empty(void);
void fx_free(fixture *fx);
/* The fingerprints of every store given to fx_trust, comma-separated: an
 * import with .pin = fx_pins pins them, as if a person had compared each
 * with its sender. */
extern char fx_pins[4096];
void fx_trust(fixture *fx);
/* A valid log by the member on date, with content text. Caller frees the
 * strings it points to: none (all static). */
fb_log fx_log(fixture *fx, const char *date, const char *content);
/* Act as person_id on the fixture's store (the leader acts after fx_new;
 * 0: nobody). */
void fx_as(fixture *fx, int64_t person_id);
/* Act as person_id on a store the test opened itself. */
void fx_store_as(fb_store *st, int64_t person_id);
/* A person of HQ (made at the first call), now acting; their id. */
int64_t fx_hq(fixture *fx);
/* Run a query returning one integer. */
long long fx_int(fb_store *st, const char *sql);
/* cmocka setup and teardown: the clock fixed at 2026-11-22, a store with
 * a group (fx_new) in *state. */
int fx_setup(void **state);
/* The same with an empty store (fx_new_empty). */
int fx_setup_empty(void **state);
int fx_teardown(void **state);
/* A hash of a file's bytes, to prove it was not touched. */
unsigned long fx_file_hash(const char *path);

#endif
