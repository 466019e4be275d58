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
} fixture;

/* A new store in a fresh temporary directory, with one group (a leader and
 * two members). */
fixture *fx_new(void);
/* A new empty store (no group). */
fixture *fx_new_empty(void);
void fx_free(fixture *fx);
/* A valid log by the member on date, with content text. Caller frees the
 * strings it points to: none (all static). */
fb_log fx_log(fixture *fx, const char *date, const char *content);
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
