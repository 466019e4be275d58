/* test_sync_lanes.c - the import lanes (src/sync/lanes.c): the rule table
 * covers every travelling table and names real columns; each reason a row
 * is outside its lane, decided from its facts; a station's own target
 * refused at HQ with nothing written; a ticket changed on both sides named
 * by its number and title in the summary and in sync_conflicts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/target.h"
#include "fieldbook/ticket.h"
#include "lanes.h"
#include "sqlstore.h"
#include "sync.h"
#include "tables.h"
#include "testutil.h"

#define GA "01a20000-0000-7000-8000-00000000000a"
#define GB "01a20000-0000-7000-8000-00000000000b"

static fb_sync_summary sum;

static const fb_sync_table *table(const char *name)
{
	for (int i = 0; i < fb_sync_ntables; i++)
		if (!strcmp(fb_sync_tables[i].name, name))
			return &fb_sync_tables[i];
	return NULL;
}

static int has_column(const fb_sync_table *t, const char *csv)
{
	for (int j = 0; j < t->ncols; j++)
		if (!strcmp(t->cols[j].csv, csv))
			return 1;
	return 0;
}

static void test_rules_cover_every_table(void **state)
{
	(void)state;
	for (int i = 0; i < fb_sync_ntables; i++) {
		const fb_sync_table *t = &fb_sync_tables[i];
		const imp_lane_rule *r = imp_lane_rule_of(t->name);
		if (!r)
			fail_msg("no lane rule for %s", t->name);
		/* a rule says how the record's group is found, or that only HQ may write */
		assert_true(r->group_col || r->own_group || r->via_ticket || r->hq_only);
		if (r->group_col)
			assert_true(has_column(t, r->group_col));
		if (r->via_ticket)
			assert_true(has_column(t, r->via_ticket));
		for (int k = 0; k < IMP_LANE_ACTORS && r->actors[k]; k++)
			assert_true(has_column(t, r->actors[k]));
	}
	assert_null(imp_lane_rule_of("sync_conflicts"));
	assert_true(imp_lane_rule_of("targets")->hq_only);
	assert_non_null(table("targets"));
}

/* Facts of a row of table from station A that changes something, in A's
 * group, naming A's people: in its lane until a test changes a fact. */
static imp_lane_facts station_row(const char *tname)
{
	imp_lane_facts f = {.rule = imp_lane_rule_of(tname),
	                    .sender_group = GA,
	                    .changes = 1,
	                    .row_group = GA,
	                    .local_group = GA};
	for (int i = 0; i < IMP_LANE_ACTORS && f.rule->actors[i]; i++) {
		f.nactors = i + 1;
		f.actor_group[i] = GA;
	}
	return f;
}

static void test_decide(void **state)
{
	(void)state;
	imp_lane_facts f = station_row("logs");
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	/* another group's log, or a log of B's moved into A */
	f.row_group = GB;
	assert_int_equal(imp_lane_decide(&f), LANE_GROUP);
	f = station_row("logs");
	f.local_group = GB;
	assert_int_equal(imp_lane_decide(&f), LANE_GROUP);
	/* a new log (no local version) of A's: fine; by a person of B: refused */
	f = station_row("logs");
	f.local_group = NULL;
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	f.actor_group[0] = GB;
	assert_int_equal(imp_lane_decide(&f), LANE_ACTOR_GROUP);
	assert_int_equal(f.bad_actor, 0);
	/* the same row from HQ: in its lane */
	f.sender_hq = 1;
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	/* uuids compare in either case */
	f = station_row("logs");
	f.row_group = "01A20000-0000-7000-8000-00000000000A";
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	/* a copy that changes nothing here passes whatever its lane */
	f = station_row("targets");
	f.changes = 0;
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	f.changes = 1;
	assert_int_equal(imp_lane_decide(&f), LANE_HQ_ONLY);
	f.sender_hq = 1;
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
}

static void test_decide_people(void **state)
{
	(void)state;
	imp_lane_facts f = station_row("people");
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	f.row_role_hq = 1; /* promoting someone of A to hq */
	assert_int_equal(imp_lane_decide(&f), LANE_ROLE_HQ);
	f = station_row("people");
	f.local_role_hq = 1; /* demoting an HQ person attached to A */
	assert_int_equal(imp_lane_decide(&f), LANE_HQ_PERSON);
	f = station_row("people");
	f.row_group = ""; /* an HQ person (no group) */
	assert_int_equal(imp_lane_decide(&f), LANE_HQ_RECORD);
	f = station_row("people");
	f.local_group = ""; /* HQ's person here, said to be A's in the row */
	assert_int_equal(imp_lane_decide(&f), LANE_HQ_RECORD);
	f = station_row("work_groups");
	f.row_group = f.local_group = GB; /* renaming B */
	assert_int_equal(imp_lane_decide(&f), LANE_GROUP);
}

static void test_decide_steps_and_origins(void **state)
{
	(void)state;
	imp_lane_facts f = station_row("ticket_events");
	f.local_group = NULL;
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	f.actor_hq[0] = 1; /* an answer "by HQ" from a station */
	assert_int_equal(imp_lane_decide(&f), LANE_ACTOR_HQ);
	f.actor_hq[0] = 0;
	f.actor_group[0] = NULL; /* by nobody */
	assert_int_equal(imp_lane_decide(&f), LANE_NO_ACTOR);
	f = station_row("ticket_events");
	f.row_group = GB; /* a step on B's ticket */
	assert_int_equal(imp_lane_decide(&f), LANE_GROUP);
	/* a ticket's owner is optional */
	f = station_row("tickets");
	f.actor_group[1] = NULL;
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	/* origins */
	f = station_row("logs");
	f.origin_other_lane = 1;
	assert_int_equal(imp_lane_decide(&f), LANE_ORIGIN);
	f = station_row("logs");
	f.origin_self = 1; /* from a station: forged */
	assert_int_equal(imp_lane_decide(&f), LANE_SELF);
	f.sender_hq = 1; /* from HQ: another laptop with this id, kept as a conflict */
	assert_int_equal(imp_lane_decide(&f), LANE_OK);
	f.sender_self = 1; /* "from this database" and changing something */
	assert_int_equal(imp_lane_decide(&f), LANE_SELF);
}

static void export_ok(fixture *fx, const char *name, const char *peer, int64_t group, char *path)
{
	fb_export_opts o = {.peer = peer, .since_last = peer != NULL, .group_id = group, .plain = 1};
	fb_error err = {0};
	fx_trust(fx);
	sprintf(path, "%s/%s", fx->dir, name);
	assert_int_equal(fb_bundle_export(fx->st, path, &o, &sum, &err), FB_OK);
}

static fb_status import(fixture *fx, const char *path, fb_error *err)
{
	fb_error_clear(err);
	fb_import_opts o = {.pin = fx_pins}; /* exporters' keys, compared */
	return fb_bundle_import(fx->st, path, &o, &sum, err);
}

static void test_station_target_refused(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p[256];
	fb_error err = {0};
	export_ok(a, "a1.zip", "hq", 0, p);
	assert_int_equal(import(hq, p, &err), FB_OK);
	/* the station sets a target of its own: HQ does not take it */
	fb_target t = {.value = 3};
	snprintf(t.scope, sizeof t.scope, "group");
	snprintf(t.metric, sizeof t.metric, "workers");
	snprintf(t.period, sizeof t.period, "programme");
	/* no one at a station may (perm.c): a tampered laptop with a made-up HQ
	 * person, removed again so that only the target travels */
	fx_hq(a);
	assert_int_equal(fb_target_save(a->st, &t, &err), FB_OK);
	assert_int_equal(sqlite3_exec(fb_store_db(a->st), "DELETE FROM people WHERE role = 'hq'",
	                              NULL, NULL, NULL), SQLITE_OK);
	fx_as(a, a->leader_id);
	export_ok(a, "a2.zip", "hq", 0, p);
	long long n = fx_int(hq->st, "SELECT count(*) FROM targets");
	long long v = fx_int(hq->st, "SELECT value FROM targets WHERE uuid = "
	                             "'00000000-0000-4000-8000-000000000003'");
	assert_int_equal(import(hq, p, &err), FB_EINVAL);
	assert_string_equal(err.file, "targets.csv");
	assert_non_null(strstr(err.msg, "only headquarters may set Targets"));
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM targets"), n);
	assert_int_equal(fx_int(hq->st, "SELECT value FROM targets WHERE uuid = "
	                                "'00000000-0000-4000-8000-000000000003'"),
	                 v);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_imports"), 1);
	fx_free(a);
	fx_free(hq);
}

static void retitle(fb_store *st, int64_t id, const char *title)
{
	fb_ticket t;
	fb_error err = {0};
	assert_int_equal(fb_ticket_get(st, id, &t, &err), FB_OK);
	free(t.title);
	t.title = strdup(title);
	assert_int_equal(fb_ticket_update(st, &t, &err), FB_OK);
	fb_ticket_free(&t);
}

static void test_ticket_conflict_named(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p[256], sql[400];
	fb_error err = {0};
	fb_ticket t = {.opened_by = a->member_id,
	               .opened_on = "2026-11-20",
	               .title = "宏达机械拖欠职工工资",
	               .description = "职工反映近两个月工资未发放。",
	               .category = "wage_arrears",
	               .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(a->st, &t, &err), FB_OK);
	export_ok(a, "a1.zip", "hq", 0, p);
	assert_int_equal(import(hq, p, &err), FB_OK);
	int64_t hid = fx_int(hq->st, "SELECT id FROM tickets");
	fx_hq(hq); /* HQ's edits are an HQ person's */
	export_ok(hq, "h1.zip", "a", fx_int(hq->st, "SELECT id FROM work_groups"), p);
	assert_int_equal(import(a, p, &err), FB_OK);
	assert_true(sum.sender_hq); /* HQ keeping one group is still HQ */
	retitle(a->st, t.id, "宏达机械拖欠工资（站点）");
	retitle(hq->st, hid, "宏达机械拖欠工资（市总）");
	export_ok(a, "a2.zip", "hq", 0, p);
	assert_int_equal(import(hq, p, &err), FB_OK);
	assert_int_equal(sum.nissues, 1);
	assert_true(sum.issue[0].conflict);
	char want[160];
	snprintf(want, sizeof want, "ticket %lld \"宏达机械拖欠工资（站点）\"", (long long)hid);
	assert_string_equal(sum.issue[0].what, want);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sync_conflicts WHERE what = '%s'", want);
	assert_int_equal(fx_int(hq->st, sql), 1);
	char *json = fb_sync_summary_json(&sum);
	assert_non_null(strstr(json, "\"what\":\"ticket"));
	free(json);
	fx_free(a);
	fx_free(hq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_cover_every_table),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_decide_people),
		cmocka_unit_test(test_decide_steps_and_origins),
		cmocka_unit_test(test_station_target_refused),
		cmocka_unit_test(test_ticket_conflict_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
