/* test_ticket.c - tickets: validation, the life cycle, the append-only
 * history, lists with status and overdue filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "sqlstore.h"

static int setup(void **state)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	*state = fx_new();
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

static fb_ticket ticket(fixture *fx, const char *opened)
{
	fb_ticket t = {0};
	t.opened_by = fx->member_id;
	t.opened_on = (char *)opened;
	t.title = "宏达机械拖欠职工工资";
	t.description = "职工反映近两个月工资未发放。";
	t.unit = "宏达机械有限公司";
	t.category = "wage_arrears";
	t.routing = "county_union";
	return t;
}

static void test_validation(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_ticket t;
#define EXPECT_BAD(field_name, stmt)                                  \
	do {                                                              \
		t = ticket(fx, "2026-11-20");                                 \
		stmt;                                                         \
		fb_error_clear(&err);                                         \
		assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_EINVAL); \
		assert_string_equal(err.field, field_name);                   \
	} while (0)
	EXPECT_BAD("opened_by", t.opened_by = 0);
	EXPECT_BAD("opened_by", t.opened_by = 777);
	EXPECT_BAD("owner", t.owner_id = 777);
	EXPECT_BAD("opened_on", t.opened_on = "2026-02-29");
	EXPECT_BAD("opened_on", t.opened_on = "2027-01-01");
	EXPECT_BAD("due_on", t.due_on = "2026-11-01");
	EXPECT_BAD("due_on", t.due_on = "next week");
	EXPECT_BAD("title", t.title = "");
	EXPECT_BAD("title", t.title = "两行\n标题");
	EXPECT_BAD("description", t.description = NULL);
	EXPECT_BAD("unit", t.unit = "a\x01");
	EXPECT_BAD("raised_by", t.raised_by = "\xFF");
	EXPECT_BAD("category", t.category = "gossip");
	EXPECT_BAD("routing", t.routing = NULL);
	EXPECT_BAD("routing", t.routing = "the_moon");
	EXPECT_BAD("log", t.log_id = 12345);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM tickets"), 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM ticket_events"), 0);
}

static void test_register_defaults(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	fb_ticket got;
	assert_int_equal(fb_ticket_get(fx->st, t.id, &got, &err), FB_OK);
	assert_string_equal(got.status, FB_ST_REGISTERED);
	assert_string_equal(got.due_on, "2026-12-20"); /* 30 days */
	assert_int_equal(got.owner_id, fx->leader_id); /* the group leader */
	assert_int_equal(got.group_id, fx->group_id);
	fb_ticket_free(&got);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM ticket_events WHERE kind = 'register'"), 1);
	/* the due days are a setting */
	assert_int_equal(fb_meta_set(fx->st, "ticket_due_days", "7", &err), FB_OK);
	fb_ticket u = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &u, &err), FB_OK);
	assert_int_equal(fb_ticket_get(fx->st, u.id, &got, &err), FB_OK);
	assert_string_equal(got.due_on, "2026-11-27");
	fb_ticket_free(&got);
}

static void test_transition_table(void **state)
{
	(void)state;
	const char *after;
	assert_true(fb_ticket_transition(FB_ST_REGISTERED, "start", &after));
	assert_string_equal(after, FB_ST_IN_PROGRESS);
	assert_true(fb_ticket_transition(FB_ST_IN_PROGRESS, "hand_over", &after));
	assert_string_equal(after, FB_ST_HANDED_OVER);
	assert_true(fb_ticket_transition(FB_ST_HANDED_OVER, "answer", &after));
	assert_string_equal(after, FB_ST_ANSWERED);
	assert_true(fb_ticket_transition(FB_ST_ANSWERED, "return_visit", &after));
	assert_string_equal(after, FB_ST_RETURN_VISIT);
	assert_true(fb_ticket_transition(FB_ST_RETURN_VISIT, "close", &after));
	assert_string_equal(after, FB_ST_CLOSED);
	assert_true(fb_ticket_transition(FB_ST_CLOSED, "reopen", &after));
	assert_string_equal(after, FB_ST_IN_PROGRESS);
	assert_true(fb_ticket_transition(FB_ST_CLOSED, "note", &after));
	assert_string_equal(after, FB_ST_CLOSED);
	assert_false(fb_ticket_transition(FB_ST_REGISTERED, "close", &after));
	assert_false(fb_ticket_transition(FB_ST_CLOSED, "answer", &after));
	assert_false(fb_ticket_transition(FB_ST_ANSWERED, "answer", &after));
	assert_false(fb_ticket_transition(FB_ST_REGISTERED, "reopen", &after));
	assert_false(fb_ticket_transition(FB_ST_REGISTERED, "fly", &after));
}

static int collect(const fb_ticket_event *ev, void *ctx)
{
	char *buf = ctx;
	strcat(buf, ev->kind);
	strcat(buf, ">");
	strcat(buf, ev->status_after);
	strcat(buf, " ");
	return 0;
}

static void test_walk_to_closed(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	fb_ticket_event steps[] = {
		{.kind = "start", .actor_id = fx->member_id},
		{.kind = "hand_over", .actor_id = fx->member_id, .dept = "县人社局劳动监察大队"},
		{.kind = "answer", .actor_id = fx_hq(fx), .body = "企业承诺月底前补发。"},
		{.kind = "return_visit", .actor_id = fx->member_id, .body = "职工确认已收到工资。"},
		{.kind = "close", .actor_id = fx_hq(fx), .body = "办结。"},
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		steps[i].ticket_id = t.id;
		fx_as(fx, steps[i].actor_id);
		assert_int_equal(fb_ticket_event_add(fx->st, &steps[i], &err), FB_OK);
	}
	char hist[512] = "";
	assert_int_equal(fb_ticket_history(fx->st, t.id, collect, hist, &err), FB_OK);
	assert_string_equal(hist, "register>registered start>in_progress hand_over>handed_over "
	                          "answer>answered return_visit>return_visit close>closed ");
	fb_ticket got;
	assert_int_equal(fb_ticket_get(fx->st, t.id, &got, &err), FB_OK);
	assert_string_equal(got.status, FB_ST_CLOSED);
	fb_ticket_free(&got);
}

static void test_refused_steps_change_nothing(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	long long events = fx_int(fx->st, "SELECT count(*) FROM ticket_events");
	fb_ticket_event close = {.ticket_id = t.id, .kind = "close", .actor_id = fx_hq(fx),
	                         .body = "x"};
	assert_int_equal(fb_ticket_event_add(fx->st, &close, &err), FB_ESTATE);
	fb_ticket_event answer = {.ticket_id = t.id, .kind = "answer", .actor_id = fx_hq(fx)};
	assert_int_equal(fb_ticket_event_add(fx->st, &answer, &err), FB_EINVAL); /* no body */
	assert_string_equal(err.field, "body");
	fb_ticket_event hand = {.ticket_id = t.id, .kind = "hand_over", .actor_id = fx_hq(fx)};
	assert_int_equal(fb_ticket_event_add(fx->st, &hand, &err), FB_EINVAL); /* no dept */
	assert_string_equal(err.field, "dept");
	fb_ticket_event who = {.ticket_id = t.id, .kind = "note", .actor_id = 999, .body = "x"};
	assert_int_equal(fb_ticket_event_add(fx->st, &who, &err), FB_EINVAL);
	fb_ticket_event reg = {.ticket_id = t.id, .kind = "register", .actor_id = fx_hq(fx)};
	assert_int_equal(fb_ticket_event_add(fx->st, &reg, &err), FB_EINVAL);
	fb_ticket_event none = {.ticket_id = 4242, .kind = "note", .actor_id = fx_hq(fx),
	                        .body = "x"};
	assert_int_equal(fb_ticket_event_add(fx->st, &none, &err), FB_ENOTFOUND);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM ticket_events"), events);
	/* escalation changes the routing level */
	fb_ticket_event esc = {.ticket_id = t.id, .kind = "escalate", .actor_id = fx_hq(fx),
	                       .dept = "镇党委政府", .routing = "party_gov"};
	assert_int_equal(fb_ticket_event_add(fx->st, &esc, &err), FB_OK);
	fb_ticket got;
	assert_int_equal(fb_ticket_get(fx->st, t.id, &got, &err), FB_OK);
	assert_string_equal(got.routing, "party_gov");
	assert_string_equal(got.status, FB_ST_ESCALATED);
	fb_ticket_free(&got);
}

/* Who may take which step on a ticket: the core's one answer, the same as
 * fb_ticket_event_add's (a member's own ticket: its steps and notes, not the
 * answer, the close or another routing; another member's: nothing). */
static void test_step_allowed(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fx_as(fx, fx->member_id);
	fb_ticket t = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	static const char *const own[] = {"start",  "hand_over", "escalate",  "return_visit",
	                                  "reopen", "note",      FB_STEP_EDIT};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, own[i], &err), FB_OK);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "answer", &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "answer tickets"));
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "close", &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "close tickets"));
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, FB_STEP_ROUTE, &err), FB_EPERM);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "register", &err), FB_EINVAL);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "bogus", &err), FB_EINVAL);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, NULL, &err), FB_EINVAL);
	assert_int_equal(fb_ticket_step_allowed(fx->st, 4242, "note", &err), FB_ENOTFOUND);
	/* the step itself is refused with the same words */
	char said[sizeof err.msg];
	fb_ticket_step_allowed(fx->st, t.id, "answer", &err);
	snprintf(said, sizeof said, "%s", err.msg);
	fb_ticket_event answer = {.ticket_id = t.id, .kind = "answer", .body = "已答复"};
	assert_int_equal(fb_ticket_event_add(fx->st, &answer, &err), FB_EPERM);
	assert_string_equal(err.msg, said);
	/* another member: not their ticket */
	fx_as(fx, fx->other_id);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "start", &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "only for their own records"));
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, FB_STEP_EDIT, &err), FB_EPERM);
	/* the leader closes, HQ answers and routes */
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "close", &err), FB_OK);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "answer", &err), FB_EPERM);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, FB_STEP_ROUTE, &err), FB_EPERM);
	fx_as(fx, fx_hq(fx));
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, "answer", &err), FB_OK);
	assert_int_equal(fb_ticket_step_allowed(fx->st, t.id, FB_STEP_ROUTE, &err), FB_OK);
}

/* Events merged from two devices: the status follows the replayed history. */
static void test_recompute_status(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	fb_ticket_event ans = {.ticket_id = t.id, .kind = "answer", .actor_id = fx_hq(fx),
	                       .body = "答复"};
	assert_int_equal(fb_ticket_event_add(fx->st, &ans, &err), FB_OK);
	/* HQ's events arrive by bundle, already stamped by HQ: a return visit
	 * and a close, then a stale "start" from a station with an older clock
	 * that sorts before them. */
	sqlite3 *db = fb_store_db(fx->st);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO ticket_events (uuid, ticket_id, kind, actor_id, at, body, status_after, "
	         "origin, rev) VALUES "
	         "('aaaaaaaa-0000-4000-8000-000000000001', %lld, 'return_visit', %lld, "
	         "'2026-11-21T09:00:00Z', '回访', 'return_visit', 'hq', %lld), "
	         "('aaaaaaaa-0000-4000-8000-000000000002', %lld, 'close', %lld, "
	         "'2026-11-21T10:00:00Z', '办结', 'closed', 'hq', %lld)",
	         (long long)t.id, (long long)fx->leader_id, (long long)(ans.rev + 10),
	         (long long)t.id, (long long)fx->leader_id, (long long)(ans.rev + 20));
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	const char *status = NULL;
	assert_int_equal(fb_ticket_recompute_status(fx->st, t.id, &status, &err), FB_OK);
	assert_string_equal(status, FB_ST_CLOSED);
	fb_ticket got;
	assert_int_equal(fb_ticket_get(fx->st, t.id, &got, &err), FB_OK);
	assert_string_equal(got.status, FB_ST_CLOSED);
	fb_ticket_free(&got);
	/* a concurrent step the table refuses (answer after close) keeps the
	 * status its author recorded */
	snprintf(sql, sizeof sql,
	         "INSERT INTO ticket_events (uuid, ticket_id, kind, actor_id, at, body, status_after, "
	         "origin, rev) VALUES ('aaaaaaaa-0000-4000-8000-000000000003', %lld, 'answer', %lld, "
	         "'2026-11-21T11:00:00Z', '再答复', 'answered', 'station', %lld)",
	         (long long)t.id, (long long)fx->member_id, (long long)(ans.rev + 30));
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fb_ticket_recompute_status(fx->st, t.id, &status, &err), FB_OK);
	assert_string_equal(status, FB_ST_ANSWERED);
	assert_int_equal(fb_ticket_recompute_status(fx->st, 999, &status, &err), FB_ENOTFOUND);
}

static void test_history_is_append_only(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket t = ticket(fx, "2026-11-20");
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	sqlite3 *db = fb_store_db(fx->st);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE ticket_events SET body = 'x'", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM ticket_events", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM ticket_events"), 1);
}

static void test_lists(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_ticket old = ticket(fx, "2026-10-01"); /* due 2026-10-31: overdue */
	fb_ticket fresh = ticket(fx, "2026-11-20");
	fb_ticket done = ticket(fx, "2026-09-01");
	fresh.title = "困难职工家庭需要帮扶";
	fresh.category = "hardship";
	assert_int_equal(fb_ticket_insert(fx->st, &old, &err), FB_OK);
	assert_int_equal(fb_ticket_insert(fx->st, &fresh, &err), FB_OK);
	assert_int_equal(fb_ticket_insert(fx->st, &done, &err), FB_OK);
	fb_ticket_event steps[] = {
		{.ticket_id = done.id, .kind = "answer", .actor_id = fx_hq(fx), .body = "答复"},
		{.ticket_id = done.id, .kind = "close", .actor_id = fx_hq(fx), .body = "办结"},
	};
	for (int i = 0; i < 2; i++)
		assert_int_equal(fb_ticket_event_add(fx->st, &steps[i], &err), FB_OK);
	fb_ticket_row rows[10];
	assert_int_equal(fb_ticket_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, 10, &err), 3);
	assert_int_equal(rows[0].id, fresh.id); /* newest first */
	assert_int_equal(rows[2].events, 3);
	fb_ticket_filter open = {.status = "open"};
	assert_int_equal(fb_ticket_page(fx->st, &open, FB_PAGE_FIRST, NULL, rows, 10, &err), 2);
	fb_ticket_filter closed = {.status = "closed"};
	assert_int_equal(fb_ticket_page(fx->st, &closed, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, done.id);
	fb_ticket_filter overdue = {.overdue_only = 1};
	assert_int_equal(fb_ticket_page(fx->st, &overdue, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, old.id);
	assert_int_equal(rows[0].overdue, 1);
	fb_ticket_filter cat = {.category = "hardship"};
	assert_int_equal(fb_ticket_page(fx->st, &cat, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	fb_ticket_filter text = {.text = "帮扶"};
	assert_int_equal(fb_ticket_page(fx->st, &text, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, fresh.id);
	/* paging one at a time reaches every ticket once */
	fb_cursor cur;
	int n, seen = 0;
	fb_page_dir dir = FB_PAGE_FIRST;
	while ((n = fb_ticket_page(fx->st, NULL, dir, &cur, rows, 1, &err)) == 1) {
		seen++;
		fb_ticket_row_cursor(&rows[0], NULL, &cur);
		dir = FB_PAGE_NEXT;
	}
	assert_int_equal(seen, 3);
	/* tombstoned tickets leave the lists */
	assert_int_equal(fb_ticket_delete(fx->st, old.id, &err), FB_OK);
	assert_int_equal(fb_ticket_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, 10, &err), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_defaults, setup, teardown),
		cmocka_unit_test(test_transition_table),
		cmocka_unit_test_setup_teardown(test_walk_to_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_steps_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recompute_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
