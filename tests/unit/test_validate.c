/* test_validate.c - the one table of field limits (limits.h) and the rules
 * every validator applies through it: names refuse invisible and control
 * characters by name, free text keeps what it may, lengths, 64-bit counts,
 * masks with no unknown kind, the window of dates and times, codes, the
 * references of each record, and no SQL per category check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/limits.h"
#include "fieldbook/report.h"
#include "fieldbook/stats.h"
#include "report_text.h" /* the frozen figures' text form */
#include "testutil.h"
#include "sqlstore.h"

#define setup fx_setup
#define teardown fx_teardown

/* The check of a text value against (record, field): its status, and its
 * message into msg. */
static fb_status text(fixture *fx, const char *record, const char *field, const char *v,
                      char *msg)
{
	const fb_limit *l = fb_limit_get(record, field);
	assert_non_null(l);
	fb_error err = {0};
	fb_status s = fb_limit_check_text(fx->st, l, v, &err);
	if (msg)
		snprintf(msg, 512, "%s", err.msg);
	if (s)
		assert_string_equal(err.field, field);
	return s;
}

static fb_status num(fixture *fx, const char *record, const char *field, int64_t v, char *msg)
{
	const fb_limit *l = fb_limit_get(record, field);
	assert_non_null(l);
	fb_error err = {0};
	fb_status s = fb_limit_check_num(fx->st, l, v, &err);
	if (msg)
		snprintf(msg, 512, "%s", err.msg);
	return s;
}

static void test_table(void **state)
{
	(void)state;
	const fb_limit *l = fb_limit_get("logs", "unit");
	assert_non_null(l);
	assert_int_equal(l->kind, FB_FIELD_NAME);
	assert_int_equal(l->max, 100);
	assert_true(l->required);
	assert_int_equal(fb_limit_max_bytes(l), 400);
	/* the sync columns every table has */
	l = fb_limit_get("tickets", "updated_at");
	assert_non_null(l);
	assert_string_equal(l->record, "*");
	assert_null(fb_limit_get("logs", "no_such_column"));
	assert_null(fb_limit_get("nothing", "unit"));
	/* every single-line field is within the documented maximum; no field
	 * is larger than FB_FIELD_MAX_BYTES */
	for (int i = 0; i < fb_limit_count; i++) {
		const fb_limit *e = &fb_limits[i];
		if (e->kind == FB_FIELD_NAME || e->kind == FB_FIELD_LINE || e->kind == FB_FIELD_PHONE)
			assert_true(e->max <= FB_LINE_MAX_CHARS);
		if (e->kind == FB_FIELD_TEXT && strcmp(e->field, "figures"))
			assert_true(e->max <= FB_TEXT_MAX_CHARS);
		assert_true(fb_limit_max_bytes(e) <= FB_FIELD_MAX_BYTES);
		assert_non_null(fb_limit_get(e->record, e->field));
	}
}

static void test_names_refuse_invisible_and_controls(void **state)
{
	fixture *fx = *state;
	char msg[512];
	assert_int_equal(text(fx, "people", "name", "王\xE2\x80\x8B伟", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "U+200B ZERO WIDTH SPACE"));
	assert_int_equal(text(fx, "work_groups", "name", "\xEF\xBB\xBF第一组", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "U+FEFF ZERO WIDTH NO-BREAK SPACE"));
	assert_int_equal(text(fx, "tickets", "title", "拖欠\xE2\x80\xAE工资", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "RIGHT-TO-LEFT OVERRIDE"));
	assert_int_equal(text(fx, "logs", "unit", "宏达\a机械", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "U+0007 BELL"));
	assert_int_equal(text(fx, "logs", "unit", "宏达\xC2\x9B" "31m", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "U+009B CONTROL SEQUENCE INTRODUCER"));
	assert_int_equal(text(fx, "logs", "unit", "宏达\t机械", msg), FB_EINVAL);
	assert_int_equal(text(fx, "logs", "unit", "宏达\n机械", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "single line"));
	assert_int_equal(text(fx, "logs", "unit", "宏达\xE2\x80\xA8机械", msg), FB_EINVAL);
	assert_int_equal(text(fx, "logs", "unit", "bad \xFF", msg), FB_EINVAL);
	/* the ideographic space pads names; blank is empty */
	assert_int_equal(text(fx, "people", "name", "李　习", NULL), FB_OK);
	assert_int_equal(text(fx, "people", "name", "　 ", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "required"));
	/* through the record's validator, too */
	fb_person p = {.group_id = fx->group_id, .name = "张\xE2\x80\x8D三", .role = "member"};
	fb_error err = {0};
	assert_int_equal(fb_person_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "name");
	assert_non_null(strstr(err.msg, "ZERO WIDTH JOINER"));
}

static void test_free_text_keeps_what_it_may(void **state)
{
	fixture *fx = *state;
	char msg[512];
	assert_int_equal(text(fx, "logs", "content", "多行\n内容\t也可以\r\n还有\xE2\x80\x8B", NULL),
	                 FB_OK);
	assert_int_equal(text(fx, "logs", "content", "回车\r覆盖", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "U+000D CARRIAGE RETURN"));
	assert_int_equal(text(fx, "logs", "content", "esc \x1b[31m", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "U+001B ESCAPE"));
	assert_int_equal(text(fx, "logs", "content", "del \x7f", msg), FB_EINVAL);
	assert_int_equal(text(fx, "logs", "content", "c1 \xC2\x85", msg), FB_EINVAL);
	/* a one-line free text (a target's note) keeps invisible characters */
	assert_int_equal(text(fx, "targets", "note", "每年\xE2\x80\x8B两次", NULL), FB_OK);
	assert_int_equal(text(fx, "targets", "note", "两\n行", NULL), FB_EINVAL);
	/* phone numbers */
	assert_int_equal(text(fx, "people", "phone", "+86 (571) 8888-0000", NULL), FB_OK);
	assert_int_equal(text(fx, "people", "phone", "138a", msg), FB_EINVAL);
}

static void test_lengths(void **state)
{
	fixture *fx = *state;
	char v[2048], msg[512];
	for (int i = 0; i < 100; i++)
		memcpy(v + 3 * i, "工", 3);
	v[300] = '\0';
	assert_int_equal(text(fx, "logs", "unit", v, NULL), FB_OK);
	strcat(v, "工");
	assert_int_equal(text(fx, "logs", "unit", v, msg), FB_EINVAL);
	assert_non_null(strstr(msg, "101"));
	/* a value far over the byte cap is refused before it is decoded */
	memset(v, 'a', sizeof v - 1);
	v[sizeof v - 1] = '\0';
	assert_int_equal(text(fx, "people", "name", v, msg), FB_EINVAL);
	assert_non_null(strstr(msg, "bytes"));
}

static void test_counts_and_masks(void **state)
{
	fixture *fx = *state;
	char msg[512];
	assert_int_equal(num(fx, "logs", "workers", 999999999999999999LL, msg), FB_EINVAL);
	assert_non_null(strstr(msg, "999999999999999999"));
	assert_int_equal(num(fx, "logs", "workers", -1, NULL), FB_EINVAL);
	assert_int_equal(num(fx, "logs", "workers", 10000, NULL), FB_OK);
	assert_int_equal(num(fx, "targets", "value", 100001, NULL), FB_EINVAL);
	/* "25 kinds of 8" */
	assert_int_equal(num(fx, "logs", "enterprise_kinds", (1 << 25) - 1, msg), FB_EINVAL);
	assert_non_null(strstr(msg, "8"));
	assert_int_equal(num(fx, "logs", "worker_kinds", (int64_t)1 << 40 | 1, NULL), FB_EINVAL);
	assert_int_equal(num(fx, "logs", "worker_kinds", -1, NULL), FB_EINVAL);
	assert_int_equal(num(fx, "logs", "enterprise_kinds", 0xFF, NULL), FB_OK);
	/* a number checked as text, or text as a number, is a program error */
	assert_int_equal(text(fx, "logs", "workers", "5", NULL), FB_EINVAL);
	assert_int_equal(num(fx, "logs", "unit", 5, NULL), FB_EINVAL);
}

static void test_dates_and_times(void **state)
{
	fixture *fx = *state;
	char msg[512];
	/* what happened: at most today */
	assert_int_equal(text(fx, "logs", "date", "2026-11-22", NULL), FB_OK);
	assert_int_equal(text(fx, "logs", "date", "2026-11-23", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "future"));
	assert_int_equal(text(fx, "logs", "date", "2099-01-01", NULL), FB_EINVAL);
	/* a reset clock */
	assert_int_equal(text(fx, "logs", "date", "2009-12-31", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "clock"));
	assert_int_equal(text(fx, "logs", "date", FB_DATE_FIRST, NULL), FB_OK);
	assert_int_equal(text(fx, "logs", "date", "2026/11/20", NULL), FB_EINVAL);
	/* what is planned: up to a year ahead */
	assert_int_equal(text(fx, "tickets", "due_on", "2027-11-23", NULL), FB_OK); /* +366 */
	assert_int_equal(text(fx, "tickets", "due_on", "2027-11-24", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "2027-11-23"));
	assert_int_equal(text(fx, "work_groups", "ends_on", "2099-12-31", NULL), FB_EINVAL);
	char first[11], last[11];
	fb_when_window(FB_WHEN_PLAN, first, last);
	assert_string_equal(first, "2010-01-01");
	assert_string_equal(last, "2027-11-23");
	/* times: UTC with Z, a day of clock difference allowed (the clock
	 * fixed too: times are checked against the later of today and now) */
	setenv("FIELDBOOK_NOW", "2026-11-22T10:00:00Z", 1);
	assert_int_equal(text(fx, "ticket_events", "at", "2026-11-22T08:30:00Z", NULL), FB_OK);
	assert_int_equal(text(fx, "ticket_events", "at", "2026-11-23T23:00:00Z", NULL), FB_OK);
	assert_int_equal(text(fx, "ticket_events", "at", "2026-11-24T00:00:01Z", NULL), FB_EINVAL);
	assert_int_equal(text(fx, "ticket_events", "at", "1970-01-01T00:00:00Z", NULL), FB_EINVAL);
	assert_int_equal(text(fx, "ticket_events", "at", "2026-11-22 08:30", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "2026-11-22T08:30:00Z"));
	assert_int_equal(text(fx, "ticket_events", "at", "2026-11-22T24:00:00Z", NULL), FB_EINVAL);
	assert_int_equal(text(fx, "ticket_events", "at", "2026-02-30T08:00:00Z", NULL), FB_EINVAL);
	assert_int_equal(text(fx, "reports", "updated_at", "2026-11-22T08:30:00+08", NULL),
	                 FB_EINVAL);
}

static void test_codes(void **state)
{
	fixture *fx = *state;
	char msg[512];
	assert_int_equal(text(fx, "logs", "activity", "enterprise_visit", NULL), FB_OK);
	assert_int_equal(text(fx, "logs", "activity", "dancing", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "dancing"));
	assert_int_equal(text(fx, "contacts", "subkind", "frontline", NULL), FB_OK);
	assert_int_equal(text(fx, "contacts", "subkind", "difficulty", NULL), FB_OK);
	assert_int_equal(text(fx, "contacts", "subkind", "nobody", NULL), FB_EINVAL);
	assert_int_equal(text(fx, "reports", "kind", "weekly", NULL), FB_OK);
	assert_int_equal(text(fx, "reports", "kind", "yearly", msg), FB_EINVAL);
	assert_non_null(strstr(msg, "weekly, monthly, stage"));
	assert_int_equal(text(fx, "targets", "scope", "cadre", NULL), FB_OK);
	assert_int_equal(text(fx, "targets", "period", "decade", NULL), FB_EINVAL);
}

/* Categories come from the store's cache: no statement runs for a check. */
static int count_stmt(unsigned type, void *ctx, void *p, void *x)
{
	(void)type, (void)p, (void)x;
	(*(int *)ctx)++;
	return 0;
}

static void test_no_sql_per_category_check(void **state)
{
	fixture *fx = *state;
	fb_log l = fx_log(fx, "2026-11-20", "走访企业。");
	fb_error err = {0};
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK); /* loads the cache */
	int stmts = 0;
	sqlite3_trace_v2(fb_store_db(fx->st), SQLITE_TRACE_STMT, count_stmt, &stmts);
	for (int i = 0; i < 100; i++)
		assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK);
	assert_int_equal(stmts, 100); /* one lookup of the author each, nothing more */
	stmts = 0;
	for (int i = 0; i < 100; i++) {
		assert_true(fb_category_exists(fx->st, FB_CAT_ACTIVITY, "research"));
		assert_int_equal(text(fx, "tickets", "category", "wage_arrears", NULL), FB_OK);
	}
	assert_int_equal(stmts, 0);
	sqlite3_trace_v2(fb_store_db(fx->st), 0, NULL, NULL);
}

static void test_log_references(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-20", "走访企业。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	int64_t written = l.rev;
	/* a log of another group's name is refused */
	fb_group g2 = {.name = "第二工作组", .station = "城关镇"};
	fx_hq(fx); /* HQ sets up groups */
	assert_int_equal(fb_group_save(fx->st, &g2, &err), FB_OK);
	fx_as(fx, fx->leader_id);
	l = fx_log(fx, "2026-11-20", "另一条。");
	l.group_id = g2.id;
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_EINVAL);
	assert_string_equal(err.field, "author");
	/* the author is removed from the roster: nothing new in their name */
	assert_int_equal(fb_person_delete(fx->st, fx->member_id, &err), FB_OK);
	l = fx_log(fx, "2026-11-21", "删除之后。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_EINVAL);
	assert_string_equal(err.field, "author");
	assert_non_null(strstr(err.msg, "王伟"));
	/* but a log changed before the removal (history from a bundle) keeps them */
	l = fx_log(fx, "2026-11-20", "走访企业。");
	l.rev = written;
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK);
	/* and a tombstone may name anyone who ever was */
	l.rev = fb_store_next_rev(fx->st);
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_EINVAL);
	l.deleted = 1;
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK);
	l = fx_log(fx, "2026-11-20", "x");
	l.author_id = 424242;
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_EINVAL);
	assert_string_equal(err.field, "author");
}

/* Within a transaction (an import) an author is looked up once; a change
 * to the roster is seen at once all the same. */
static void test_author_cache_sees_changes(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-20", "走访企业。");
	assert_int_equal(fb_store_begin(fx->st, &err), FB_OK);
	int stmts = 0;
	sqlite3_trace_v2(fb_store_db(fx->st), SQLITE_TRACE_STMT, count_stmt, &stmts);
	for (int i = 0; i < 50; i++)
		assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK);
	assert_int_equal(stmts, 1); /* one lookup for 50 rows */
	sqlite3_trace_v2(fb_store_db(fx->st), 0, NULL, NULL);
	/* removed inside the same transaction: refused at once */
	assert_int_equal(fb_person_delete(fx->st, fx->member_id, &err), FB_OK);
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_EINVAL);
	assert_string_equal(err.field, "author");
	/* and after a rollback the person is back */
	fb_store_rollback(fx->st);
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK);
	/* a raw write to the roster (an import writes rows directly) is seen too */
	assert_int_equal(fb_store_begin(fx->st, &err), FB_OK);
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_OK);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), "UPDATE people SET deleted = 1",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_EINVAL);
	fb_store_rollback(fx->st);
}

static void test_record_validators(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	/* groups */
	fb_group g = {.name = "第三组", .station = "桃源\x1b镇"};
	assert_int_equal(fb_group_validate(fx->st, &g, &err), FB_EINVAL);
	assert_string_equal(err.field, "station");
	g.station = "桃源镇";
	g.ends_on = "2099-01-01";
	assert_int_equal(fb_group_validate(fx->st, &g, &err), FB_EINVAL);
	assert_string_equal(err.field, "ends_on");
	g.ends_on = NULL;
	g.station_kind = "village";
	assert_int_equal(fb_group_validate(fx->st, &g, &err), FB_EINVAL);
	assert_string_equal(err.field, "station_kind");
	/* people: a group that does not exist */
	fb_person p = {.group_id = 4242, .name = "赵六", .role = "member"};
	assert_int_equal(fb_person_validate(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "group");
	/* contacts: a worker's kind is a worker kind */
	fb_contact c = {.group_id = fx->group_id, .kind = "worker", .name = "孙七",
	                .subkind = "difficulty"};
	assert_int_equal(fb_contact_validate(fx->st, &c, &err), FB_EINVAL);
	assert_string_equal(err.field, "subkind");
	c.subkind = "frontline";
	assert_int_equal(fb_contact_validate(fx->st, &c, &err), FB_OK);
	c.met_on = "2026-12-01";
	assert_int_equal(fb_contact_validate(fx->st, &c, &err), FB_EINVAL);
	assert_string_equal(err.field, "met_on");
	c.met_on = NULL;
	c.log_id = 999;
	assert_int_equal(fb_contact_validate(fx->st, &c, &err), FB_EINVAL);
	assert_string_equal(err.field, "log");
	/* targets */
	fb_target t = {.scope = "cadre", .metric = "workers", .period = "programme", .value = 10};
	assert_int_equal(fb_target_validate(&t, &err), FB_OK);
	t.value = 100001;
	assert_int_equal(fb_target_validate(&t, &err), FB_EINVAL);
	assert_string_equal(err.field, "value");
	t.value = 10;
	snprintf(t.note, sizeof t.note, "两\n行");
	assert_int_equal(fb_target_validate(&t, &err), FB_EINVAL);
	assert_string_equal(err.field, "note");
	t.note[0] = '\0';
	t.group_id = 4242;
	assert_int_equal(fb_target_save(fx->st, &t, &err), FB_EINVAL);
	assert_string_equal(err.field, "group");
	/* ticket steps on their own */
	fb_ticket_event ev = {.ticket_id = 1, .kind = "dance", .actor_id = fx->leader_id};
	assert_int_equal(fb_ticket_event_validate(fx->st, &ev, &err), FB_EINVAL);
	assert_string_equal(err.field, "kind");
	ev.kind = "answer";
	assert_int_equal(fb_ticket_event_validate(fx->st, &ev, &err), FB_EINVAL);
	assert_string_equal(err.field, "body");
	ev.body = "答复";
	ev.at = "2030-01-01T00:00:00Z";
	assert_int_equal(fb_ticket_event_validate(fx->st, &ev, &err), FB_EINVAL);
	assert_string_equal(err.field, "at");
	ev.at = NULL;
	ev.routing = "nowhere";
	assert_int_equal(fb_ticket_event_validate(fx->st, &ev, &err), FB_EINVAL);
	assert_string_equal(err.field, "routing");
}

static void test_report_validator(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_period p;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	fb_report r;
	assert_int_equal(fb_report_compile(fx->st, fx->group_id, FB_REPORT_WEEKLY, &p, &r, &err),
	                 FB_OK);
	assert_int_equal(fb_report_validate(fx->st, &r, &err), FB_OK);
	r.kind = (fb_report_kind)7;
	assert_int_equal(fb_report_validate(fx->st, &r, &err), FB_EINVAL);
	assert_string_equal(err.field, "kind");
	r.kind = FB_REPORT_WEEKLY;
	snprintf(r.status, sizeof r.status, "approved");
	assert_int_equal(fb_report_validate(fx->st, &r, &err), FB_EINVAL);
	assert_string_equal(err.field, "status");
	snprintf(r.status, sizeof r.status, "submitted");
	assert_int_equal(fb_report_validate(fx->st, &r, &err), FB_EINVAL);
	assert_string_equal(err.field, "submitted_at");
	snprintf(r.status, sizeof r.status, "draft");
	snprintf(r.period.end, sizeof r.period.end, "2026-11-01");
	assert_int_equal(fb_report_validate(fx->st, &r, &err), FB_EINVAL);
	assert_string_equal(err.field, "period_end");
	fb_report_free(&r);
}

/* Sums of counts are 64-bit from the database to the figures. */
static void test_sums_are_64_bit(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	for (int i = 0; i < 3; i++) {
		fb_log l = fx_log(fx, "2026-11-18", i == 0 ? "一" : i == 1 ? "二" : "三");
		assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	}
	/* rows written before there was a limit */
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), "UPDATE logs SET workers = 1000000000",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	fb_period p;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	fb_report_figures f;
	assert_int_equal(fb_report_figures_compute(fx->st, fx->group_id, &p, &f, &err), FB_OK);
	assert_true(f.workers == 3000000000LL);
	char *enc = fb_report_figures_encode(&f);
	assert_non_null(strstr(enc, "3000000000"));
	fb_report_figures back;
	assert_int_equal(fb_report_figures_decode(enc, &back, &err), FB_OK);
	assert_true(back.workers == 3000000000LL);
	fb_report_figures_free(&back);
	fb_report_figures_free(&f);
	free(enc);
	fb_stats_opts so = {.from = "2026-11-01", .to = "2026-11-22"};
	fb_overview o;
	assert_int_equal(fb_stats_overview(fx->st, &so, &o, &err), FB_OK);
	assert_true(o.groups[0].workers == 3000000000LL);
	char *json = fb_stats_render(fx->st, &o, FB_SFMT_JSON, 80);
	assert_non_null(strstr(json, "\"workers\": 3000000000"));
	free(json);
	fb_overview_free(&o);
	fb_log back_log;
	assert_int_equal(fb_log_get(fx->st, 1, 0, &back_log, &err), FB_OK);
	assert_true(back_log.workers == 1000000000LL);
	fb_log_free(&back_log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_refuse_invisible_and_controls, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_free_text_keeps_what_it_may, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_and_masks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_and_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_sql_per_category_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_author_cache_sees_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_validators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_validator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sums_are_64_bit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
