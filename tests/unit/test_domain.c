/* test_domain.c - the rules a cadre expects (issue 10 §6): a ticket
 * answered in time is not overdue; no close without an answer or a
 * reason; an escalation moves the routing and its step shows old -> new;
 * ticket search reads the history; a visit to an enterprise counts one;
 * warnings for a log outside the stay or repeated; a log a ticket came
 * from is not deleted; 工会代表. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "fieldbook/stats.h"
#include "testutil.h"
#include "sqlstore.h"

#define setup fx_setup
#define teardown fx_teardown

static fb_ticket ticket(fixture *fx, const char *opened, const char *due, const char *title)
{
	fb_ticket t = {0};
	t.opened_by = fx->member_id;
	t.opened_on = (char *)opened;
	t.due_on = (char *)due;
	t.title = (char *)title;
	t.description = "职工反映工资未按时发放。";
	t.category = "wage_arrears";
	t.routing = "county_union";
	return t;
}

/* Add a step of kind at local time `when` ("2026-11-05 10:00"). */
static fb_status step(fixture *fx, int64_t id, const char *kind, const char *when, const char *body,
                      const char *dept, const char *routing, fb_error *err)
{
	char at[21];
	assert_int_equal(fb_datetime_parse(when, at, "at", err), FB_OK);
	fb_ticket_event ev = {.ticket_id = id,
	                      .kind = (char *)kind,
	                      .actor_id = fx_hq(fx),
	                      .at = at,
	                      .body = (char *)body,
	                      .dept = (char *)dept,
	                      .routing = (char *)routing};
	return fb_ticket_event_add(fx->st, &ev, err);
}

/* The overdue flag of ticket id in the list (-1 if it is not listed). */
static int overdue_of(fixture *fx, int64_t id, int overdue_only)
{
	fb_ticket_filter f = {.overdue_only = overdue_only};
	fb_ticket_row rows[20];
	fb_error err = {0};
	int n = fb_ticket_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 20, &err);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++)
		if (rows[i].id == id)
			return rows[i].overdue;
	return -1;
}

static void test_answered_in_time_is_not_overdue(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket answered = ticket(fx, "2026-11-01", "2026-11-10", "已答复的问题");
	fb_ticket waiting = ticket(fx, "2026-11-01", "2026-11-10", "等待答复的问题");
	fb_ticket reopened = ticket(fx, "2026-11-01", "2026-11-10", "重新办理的问题");
	assert_int_equal(fb_ticket_insert(fx->st, &answered, &err), FB_OK);
	assert_int_equal(fb_ticket_insert(fx->st, &waiting, &err), FB_OK);
	assert_int_equal(fb_ticket_insert(fx->st, &reopened, &err), FB_OK);
	assert_int_equal(step(fx, answered.id, "answer", "2026-11-05 10:00", "已协调补发。", NULL,
	                      NULL, &err),
	                 FB_OK);
	assert_int_equal(
		step(fx, reopened.id, "answer", "2026-11-05 10:00", "已答复。", NULL, NULL, &err),
		FB_OK);
	assert_int_equal(step(fx, reopened.id, "close", "2026-11-06 10:00", "", NULL, NULL, &err),
	                 FB_OK);
	assert_int_equal(step(fx, reopened.id, "reopen", "2026-11-12 10:00", "职工又来反映。", NULL,
	                      NULL, &err),
	                 FB_OK);
	assert_int_equal(overdue_of(fx, answered.id, 0), 0);
	assert_int_equal(overdue_of(fx, waiting.id, 0), 1);
	assert_int_equal(overdue_of(fx, reopened.id, 0), 1); /* waits again */
	assert_int_equal(overdue_of(fx, answered.id, 1), -1);
	assert_int_equal(overdue_of(fx, waiting.id, 1), 1);
	/* the report's figures and HQ's overview count the same way */
	fb_period p;
	assert_int_equal(fb_period_month("2026-11", &p, &err), FB_OK);
	fb_report_figures f;
	assert_int_equal(fb_report_figures_compute(fx->st, fx->group_id, &p, &f, &err), FB_OK);
	assert_int_equal(f.tickets_overdue, 2);
	assert_int_equal(f.tickets_open, 3);
	fb_report_figures_free(&f);
	fb_stats_opts so = {.from = "2026-11-01", .to = "2026-11-22"};
	fb_overview o;
	assert_int_equal(fb_stats_overview(fx->st, &so, &o, &err), FB_OK);
	assert_int_equal(o.groups[0].tickets_overdue, 2);
	fb_overview_free(&o);
}

static void test_close_needs_answer_or_reason(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-10", NULL, "无需答复的问题");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	assert_int_equal(step(fx, t.id, "start", "2026-11-11 09:00", "", NULL, NULL, &err), FB_OK);
	/* no answer, no reason */
	assert_int_equal(step(fx, t.id, "close", "2026-11-12 09:00", "", NULL, NULL, &err),
	                 FB_ESTATE);
	assert_string_equal(err.field, "body");
	assert_non_null(strstr(err.msg, "not been answered"));
	assert_int_equal(step(fx, t.id, "close", "2026-11-12 09:00", "　 ", NULL, NULL, &err),
	                 FB_ESTATE);
	/* a reason written down */
	assert_int_equal(step(fx, t.id, "close", "2026-11-12 09:00",
	                      "职工撤回诉求，经核实无需处理。", NULL, NULL, &err),
	                 FB_OK);
	/* answered: the close needs no more */
	fb_ticket u = ticket(fx, "2026-11-10", NULL, "已答复可办结");
	assert_int_equal(fb_ticket_insert(fx->st, &u, &err), FB_OK);
	assert_int_equal(step(fx, u.id, "answer", "2026-11-11 09:00", "已答复。", NULL, NULL, &err),
	                 FB_OK);
	assert_int_equal(step(fx, u.id, "close", "2026-11-12 09:00", NULL, NULL, NULL, &err), FB_OK);
	/* reopened after an answer: that answer no longer counts */
	assert_int_equal(
		step(fx, u.id, "reopen", "2026-11-13 09:00", "职工再次反映。", NULL, NULL, &err),
		FB_OK);
	assert_int_equal(step(fx, u.id, "close", "2026-11-14 09:00", "", NULL, NULL, &err),
	                 FB_ESTATE);
}

struct seen {
	int n;
	char kind[8][16], routing[8][24], before[8][24];
	int has_before[8];
};

static int collect(const fb_ticket_event *ev, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 8) {
		snprintf(s->kind[s->n], 16, "%s", ev->kind);
		snprintf(s->routing[s->n], 24, "%s", ev->routing ? ev->routing : "");
		s->has_before[s->n] = ev->routing_before != NULL;
		snprintf(s->before[s->n], 24, "%s", ev->routing_before ? ev->routing_before : "");
		s->n++;
	}
	return 0;
}

static void test_escalation_moves_routing(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-10", NULL, "需要上报的问题");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	assert_int_equal(
		step(fx, t.id, "escalate", "2026-11-11 09:00", "", "镇党委政府", "party_gov", &err),
		FB_OK);
	assert_int_equal(step(fx, t.id, "note", "2026-11-12 09:00", "等待协调。", NULL, NULL, &err),
	                 FB_OK);
	fb_ticket got;
	assert_int_equal(fb_ticket_get(fx->st, t.id, &got, &err), FB_OK);
	assert_string_equal(got.routing, "party_gov");
	fb_ticket_free(&got);
	struct seen s = {0};
	assert_int_equal(fb_ticket_history(fx->st, t.id, collect, &s, &err), FB_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.kind[0], "register");
	assert_string_equal(s.routing[0], "county_union"); /* the level it was opened at */
	assert_false(s.has_before[0]);
	assert_string_equal(s.kind[1], "escalate");
	assert_true(s.has_before[1]);
	assert_string_equal(s.before[1], "county_union"); /* old -> new */
	assert_string_equal(s.routing[1], "party_gov");
	assert_false(s.has_before[2]);
}

/* The ids the ticket list finds for text. */
static int found(fixture *fx, const char *text, int64_t id)
{
	fb_ticket_filter f = {.text = text};
	fb_ticket_row rows[20];
	fb_error err = {0};
	int n = fb_ticket_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 20, &err);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++)
		if (rows[i].id == id)
			return 1;
	return 0;
}

static void test_search_reads_the_history(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-10", NULL, "工资问题");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	assert_int_equal(step(fx, t.id, "hand_over", "2026-11-11 09:00", "请监察大队处理。",
	                      "县人社局劳动监察大队", NULL, &err),
	                 FB_OK);
	assert_int_equal(step(fx, t.id, "answer", "2026-11-12 09:00", "企业承诺月底前补发。", NULL,
	                      NULL, &err),
	                 FB_OK);
	assert_true(found(fx, "工资", t.id));       /* the title */
	assert_true(found(fx, "月底前补发", t.id)); /* the answer */
	assert_true(found(fx, "监察大队", t.id));   /* the department handed over to */
	assert_false(found(fx, "不存在的话", t.id));
}

static void test_enterprise_visit_counts_one(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-18", "走进宏达机械。");
	l.enterprises = 0; /* not filled in */
	fb_warning wn[4];
	/* said, not silent: the warning asked before the save names the field */
	assert_int_equal(fb_log_warnings(fx->st, &l, wn, 4, &err), 1);
	assert_int_equal(wn[0].code, FB_WARN_ASSUMED);
	assert_string_equal(wn[0].field, "enterprises");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	assert_int_equal(l.enterprises, 1);
	assert_int_equal(fx_int(fx->st, "SELECT enterprises FROM logs"), 1);
	/* another activity keeps its 0 */
	fb_log w = fx_log(fx, "2026-11-18", "走访职工家庭。");
	w.activity = "household_visit";
	w.enterprises = 0;
	assert_int_equal(fb_log_warnings(fx->st, &w, wn, 4, &err), 0);
	assert_int_equal(fb_log_insert(fx->st, &w, &err), FB_OK);
	assert_int_equal(w.enterprises, 0);
	/* a log from before the rule (or another fieldbook) counts one too */
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st),
	                              "UPDATE logs SET enterprises = 0 WHERE activity = "
	                              "'enterprise_visit'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	fb_period p;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	fb_report_figures f;
	assert_int_equal(fb_report_figures_compute(fx->st, fx->group_id, &p, &f, &err), FB_OK);
	assert_true(f.enterprises == 1);
	fb_report_figures_free(&f);
	fb_stats_opts so = {.from = "2026-11-01", .to = "2026-11-22"};
	fb_overview o;
	assert_int_equal(fb_stats_overview(fx->st, &so, &o, &err), FB_OK);
	assert_true(o.groups[0].enterprises == 1);
	fb_overview_free(&o);
}

static void test_log_warnings(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_group g;
	assert_int_equal(fb_group_get(fx->st, fx->group_id, &g, &err), FB_OK);
	g.started_on = strdup("2026-11-10");
	g.ends_on = strdup("2026-11-20");
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	fb_group_free(&g);
	fb_warning w[4];
	fb_log l = fx_log(fx, "2026-11-05", "蹲点开始之前。");
	assert_int_equal(fb_log_warnings(fx->st, &l, w, 4, &err), 1);
	assert_int_equal(w[0].code, FB_WARN_OUTSIDE_STAY);
	assert_string_equal(w[0].field, "date");
	assert_non_null(strstr(w[0].msg, "2026-11-10"));
	l.date = "2026-11-21";
	assert_int_equal(fb_log_warnings(fx->st, &l, w, 4, &err), 1);
	assert_non_null(strstr(w[0].msg, "2026-11-20"));
	l.date = "2026-11-15";
	assert_int_equal(fb_log_warnings(fx->st, &l, w, 4, &err), 0);
	/* the member joined later than the group began */
	fb_person p;
	assert_int_equal(fb_person_get(fx->st, fx->member_id, &p, &err), FB_OK);
	free(p.joined_on);
	p.joined_on = strdup("2026-11-14");
	assert_int_equal(fb_person_save(fx->st, &p, &err), FB_OK);
	fb_person_free(&p);
	l.date = "2026-11-12";
	assert_int_equal(fb_log_warnings(fx->st, &l, w, 4, &err), 1);
	assert_non_null(strstr(w[0].msg, "2026-11-14"));
	/* an exact duplicate */
	l = fx_log(fx, "2026-11-16", "同一件事写了两遍。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	int64_t first = l.id;
	assert_int_equal(fb_log_warnings(fx->st, &l, w, 4, &err), 0); /* not its own duplicate */
	fb_log again = fx_log(fx, "2026-11-16", "同一件事写了两遍。");
	assert_int_equal(fb_log_warnings(fx->st, &again, w, 4, &err), 1);
	assert_int_equal(w[0].code, FB_WARN_DUPLICATE);
	assert_int_equal(w[0].other_id, first);
	again.workers = 6; /* a different figure: not a duplicate */
	assert_int_equal(fb_log_warnings(fx->st, &again, w, 4, &err), 0);
	/* room for none: counted, nothing written */
	again.workers = 5;
	again.date = "2026-11-05";
	assert_int_equal(fb_log_warnings(fx->st, &again, w, 0, &err), 0);
}

static void test_log_of_a_ticket_is_kept(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-16", "发现拖欠工资。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	fb_ticket t = ticket(fx, "2026-11-16", NULL, "宏达机械拖欠工资");
	t.log_id = l.id;
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_ESTATE);
	assert_non_null(strstr(err.msg, "宏达机械拖欠工资"));
	assert_int_equal(fx_int(fx->st, "SELECT deleted FROM logs"), 0);
	assert_int_equal(fb_ticket_delete(fx->st, t.id, &err), FB_OK);
	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_OK);
}

static void test_congress_delegates_label(void **state)
{
	fixture *fx = *state;
	fb_category c;
	fb_error err = {0};
	assert_int_equal(fb_category_get(fx->st, FB_CAT_WORKER, "congress_delegate", &c, &err),
	                 FB_OK);
	assert_string_equal(c.label_zh, "工会代表");
	assert_int_equal(c.bit, 6); /* the same kind: logs keep their meaning */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answered_in_time_is_not_overdue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_needs_answer_or_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalation_moves_routing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_reads_the_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enterprise_visit_counts_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_of_a_ticket_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_congress_delegates_label, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
