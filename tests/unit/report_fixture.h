/* report_fixture.h - fixed data for the report and statistics tests,
 * inserted with SQL so every figure is known exactly.
 *
 * Group 1 第一工作组 (stay 2026-11-01 .. 2027-01-31): 张伟 (leader), 李娜,
 * 王芳 (joined_on Wednesday 2026-11-18; 张伟 and 李娜 have no joined_on: from
 * the group's start), and an HQ person outside any group. Week 2026-W47 is Monday 2026-11-16 .. Sunday 11-22.
 *
 *            logged days (W47)          working days due   missing
 *   张伟     16 17 18 20 20 21(Sat)     16-20 (5)          19 (a log of 19 is tombstoned)
 *   李娜     16 17                      16-20 (5)          18 19 20
 *   王芳     18 19                      18-20 (3)          20
 *
 * Sums: 10 logs, 9 days logged, 13 due, 5 missing, enterprises 7, workers 33,
 * households 4, enterprise kinds 0b111111, worker kinds 0b111111, findings 2.
 * Tickets: T1 opened 11-10 due 11-18 in progress (open, overdue);
 * T2 opened 11-17, return visit 11-19, closed 11-20; T3 opened 11-19
 * registered; T4 tombstoned; T5 opened and closed early in November.
 * Group 2 第二工作组: 赵强 with one log of 50 workers on 11-18. */
#ifndef FB_REPORT_FIXTURE_H
#define FB_REPORT_FIXTURE_H

#include <sqlite3.h>
#include <stdlib.h>
#include "testutil.h"
#include "sqlstore.h"

#define RF_LOG(id, author, group, date, ek, wk, ent, wrk, hh, act, findings, actions, next, del) \
	"INSERT INTO logs (id, uuid, group_id, author_id, date, unit, activity, enterprise_kinds," \
	" worker_kinds, enterprises, workers, households, content, findings, actions, next_step," \
	" origin, rev, updated_at, deleted) VALUES (" #id ", 'log-" #id "', " #group ", " #author \
	", '" date "', '宏达机械有限公司', '" act "', " #ek ", " #wk ", " #ent ", " #wrk ", " #hh \
	", '走访了解企业生产经营和职工思想动态', '" findings "', '" actions "', '" next "', 'dev', " #id \
	", '2026-11-22T00:00:00Z', " #del ");\n"

static const char rf_sql[] =
    "INSERT INTO work_groups (id, uuid, name, station, started_on, ends_on, origin, rev,"
    " updated_at) VALUES (1, '11111111-1111-4111-8111-111111111111', '第一工作组', '城关镇',"
    " '2026-11-01', '2027-01-31', 'dev', 1, '2026-11-01T00:00:00Z'),"
    " (2, '22222222-2222-4222-8222-222222222222', '第二工作组', '开发区', '2026-11-01', NULL,"
    " 'dev', 1, '2026-11-01T00:00:00Z');\n"
    "INSERT INTO people (id, uuid, group_id, name, role, origin, rev, updated_at, joined_on)"
    " VALUES (1, 'p1', 1, '张伟', 'leader', 'dev', 1, '2026-11-01T00:00:00Z', NULL),"
    " (2, 'p2', 1, '李娜', 'member', 'dev', 1, '2026-11-01T00:00:00Z', NULL),"
    " (3, 'p3', 1, '王芳', 'member', 'dev', 1, '2026-11-20T00:00:00Z', '2026-11-18'),"
    " (4, 'p4', NULL, '市总', 'hq', 'dev', 1, '2026-11-01T00:00:00Z', NULL),"
    " (5, 'p5', 2, '赵强', 'leader', 'dev', 1, '2026-11-01T00:00:00Z', NULL);\n"
    RF_LOG(1, 1, 1, "2026-11-16", 1, 1, 1, 5, 0, "enterprise_visit", "", "", "old plan", 0)
    RF_LOG(2, 1, 1, "2026-11-17", 6, 4, 2, 3, 0, "enterprise_visit", "拖欠工资", "已协调", "", 0)
    RF_LOG(3, 1, 1, "2026-11-18", 0, 2, 0, 2, 1, "household_visit", "", "", "", 0)
    RF_LOG(4, 1, 1, "2026-11-19", 128, 128, 9, 99, 0, "enterprise_visit", "已删除的问题", "", "", 1)
    RF_LOG(5, 1, 1, "2026-11-20", 8, 0, 1, 4, 0, "symposium", "", "", "", 0)
    RF_LOG(6, 1, 1, "2026-11-20", 0, 0, 0, 0, 2, "household_visit", "", "", "回访宏达机械", 0)
    RF_LOG(7, 1, 1, "2026-11-21", 1, 0, 1, 1, 0, "enterprise_visit", "", "", "", 0)
    RF_LOG(8, 2, 1, "2026-11-16", 16, 8, 1, 2, 0, "enterprise_visit", "", "", "", 0)
    RF_LOG(9, 2, 1, "2026-11-17", 0, 16, 0, 6, 1, "worker_visit", "社保未缴", "", "", 0)
    RF_LOG(10, 3, 1, "2026-11-18", 32, 32, 1, 10, 0, "worker_visit", "", "", "", 0)
    RF_LOG(11, 3, 1, "2026-11-19", 0, 0, 0, 0, 0, "research", "", "", "", 0)
    RF_LOG(12, 1, 1, "2026-11-15", 64, 64, 3, 3, 3, "enterprise_visit", "", "", "", 0)
    RF_LOG(13, 5, 2, "2026-11-18", 1, 1, 1, 50, 0, "symposium", "", "", "", 0)
    "INSERT INTO tickets (id, uuid, group_id, opened_by, opened_on, due_on, title, description,"
    " category, routing, status, origin, rev, updated_at, deleted) VALUES"
    " (1, 't1', 1, 1, '2026-11-10', '2026-11-18', '宏达机械拖欠工资', 'd', 'wage_arrears',"
    "  'county_union', 'in_progress', 'dev', 1, 'x', 0),"
    " (2, 't2', 1, 2, '2026-11-17', '2026-12-17', '社保未缴', 'd', 'social_insurance',"
    "  'party_gov', 'closed', 'dev', 1, 'x', 0),"
    " (3, 't3', 1, 3, '2026-11-19', '2026-12-19', '加班过多', 'd', 'working_hours',"
    "  'union_system', 'registered', 'dev', 1, 'x', 0),"
    " (4, 't4', 1, 3, '2026-11-18', '2026-11-19', '已删除', 'd', 'other',"
    "  'union_system', 'registered', 'dev', 1, 'x', 1),"
    " (5, 't5', 1, 1, '2026-11-01', '2026-11-30', '早已办结', 'd', 'other',"
    "  'county_union', 'closed', 'dev', 1, 'x', 0);\n"
    "INSERT INTO ticket_events (uuid, ticket_id, kind, actor_id, at, status_after, origin, rev)"
    " VALUES ('e1', 1, 'register', 1, '2026-11-10T09:00:00Z', 'registered', 'dev', 1),"
    " ('e2', 1, 'start', 1, '2026-11-12T09:00:00Z', 'in_progress', 'dev', 2),"
    " ('e3', 2, 'register', 2, '2026-11-17T09:00:00Z', 'registered', 'dev', 3),"
    " ('e4', 2, 'return_visit', 2, '2026-11-19T09:00:00Z', 'return_visit', 'dev', 4),"
    " ('e5', 2, 'close', 2, '2026-11-20T09:00:00Z', 'closed', 'dev', 5),"
    " ('e6', 3, 'register', 3, '2026-11-19T09:00:00Z', 'registered', 'dev', 6),"
    " ('e7', 5, 'register', 1, '2026-11-01T09:00:00Z', 'registered', 'dev', 7),"
    " ('e8', 5, 'close', 1, '2026-11-05T09:00:00Z', 'closed', 'dev', 8);\n";

/* A fresh store holding the fixture. */
static inline fixture *rf_new(void)
{
	fixture *fx = fx_new_empty();
	char *msg = NULL;
	int rc = sqlite3_exec(fb_store_db(fx->st), rf_sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("fixture: %s", msg ? msg : "?");
	fx->group_id = 1;
	fx->leader_id = 1;
	fx->member_id = 2;
	fx->other_id = 3;
	fx_as(fx, 1); /* 张伟, the leader of group 1 */
	return fx;
}

/* cmocka setup/teardown: the fixture with the clock fixed on Sunday
 * 2026-11-22, 10:00 UTC. */
static inline int rf_setup(void **state)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	setenv("FIELDBOOK_NOW", "2026-11-22T10:00:00Z", 1);
	*state = rf_new();
	return 0;
}

static inline int rf_teardown(void **state)
{
	fx_free(*state);
	return 0;
}

static inline void rf_exec(fixture *fx, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

#endif
