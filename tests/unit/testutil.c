/* testutil.c - fixtures for the cmocka tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/keys.h"
#include "fieldbook/seal.h"
#include "testutil.h"
#include "internal.h"
#include "sqlstore.h"

/* FB_TEST_CASE=pattern runs only the cases whose names match (cmocka's
 * filter: * and ? wildcards), e.g. FB_TEST_CASE=test_line_ends. */
__attribute__((constructor)) static void case_filter(void)
{
	const char *f = getenv("FB_TEST_CASE");
	if (f && *f)
		cmocka_set_test_filter(f);
}

static fixture *make(int with_group)
{
	fixture *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fbtest.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof fx->path, "%s/test.db", fx->dir);
	fb_error err = {0};
	assert_int_equal(fb_store_open(fx->path, FB_OPEN_CREATE, &fx->st, &err), FB_OK);
	if (!with_group)
		return fx;
	fb_group g = {
		.name = "第一工作组", .station = "桃源镇", .county = "东湖区", .supervisor = "周明"};
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	fx->group_id = g.id;
	const char *names[] = {"李　习", "王伟", "张芳"};
	int64_t *ids[] = {&fx->leader_id, &fx->member_id, &fx->other_id};
	for (int i = 0; i < 3; i++) {
		fb_person p = {.group_id = g.id,
		               .name = (char *)names[i],
		               .role = (char *)(i == 0 ? "leader" : "member")};
		assert_int_equal(fb_person_save(fx->st, &p, &err), FB_OK);
		*ids[i] = p.id;
		/* the leader set up the group (fb_person_save allows the first
		 * person of a new database without a signed-in one) and acts */
		if (i == 0)
			fb_store_set_actor(fx->st, p.id);
	}
	/* the group's data key (seal.h), held as after the leader's sign-in */
	assert_int_equal(fb_seal_sign_in(fx->st, fx->leader_id, FX_KEY_SECRET, &err), FB_OK);
	return fx;
}

char fx_pins[4096];

void fx_trust(fixture *fx)
{
	fb_pubkeys k;
	char fp[FB_FINGERPRINT_SIZE];
	assert_int_equal(fb_keys_own(fx->st, &k, NULL), FB_OK);
	fb_key_fingerprint(&k, fp);
	size_t n = strlen(fx_pins);
	if (!strstr(fx_pins, fp) && n + sizeof fp + 2 < sizeof fx_pins)
		snprintf(fx_pins + n, sizeof fx_pins - n, "%s%s", n ? "," : "", fp);
}

fixture *fx_new(void) { return make(1); }
fixture *fx_new_empty(void) { return make(0); }

void fx_free(fixture *fx)
{
	char cmd[160];
	fb_store_close(fx->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
}

fb_log fx_log(fixture *fx, const char *date, const char *content)
{
	fb_log l = {0};
	l.author_id = fx->member_id;
	l.date = (char *)date;
	l.unit = "宏达机械有限公司";
	l.activity = "enterprise_visit";
	l.enterprises = 1;
	l.workers = 5;
	l.content = (char *)content;
	return l;
}

int fx_setup(void **state)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	*state = fx_new();
	return 0;
}

int fx_setup_empty(void **state)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	*state = fx_new_empty();
	return 0;
}

int fx_teardown(void **state)
{
	fx_free(*state);
	return 0;
}

unsigned long fx_file_hash(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned long h = 5381;
	int c;
	assert_non_null(f);
	while ((c = getc(f)) != EOF)
		h = h * 33 + (unsigned long)c;
	fclose(f);
	return h;
}

long long fx_int(fb_store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

void fx_store_as(fb_store *st, int64_t person_id)
{
	fb_store_set_actor(st, person_id);
}

void fx_as(fixture *fx, int64_t person_id)
{
	fb_store_set_actor(fx->st, person_id);
}

int64_t fx_hq(fixture *fx)
{
	if (!fx->hq_id) {
		int64_t was = fb_store_actor(fx->st);
		fb_error err = {0};
		/* HQ people come with HQ's roster; a test puts one in as HQ would */
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(fb_store_db(fx->st),
		    "INSERT INTO people (uuid, group_id, name, role, origin, rev, updated_at) "
		    "VALUES ('00000000-0000-7000-8000-00000000a11c', NULL, '市总刘', 'hq', 'x', 1, "
		    "'2026-11-01T00:00:00Z')", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
		fx->hq_id = sqlite3_last_insert_rowid(fb_store_db(fx->st));
		(void)err;
		(void)was;
	}
	fx_as(fx, fx->hq_id);
	return fx->hq_id;
}
