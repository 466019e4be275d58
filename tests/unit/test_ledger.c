/* test_ledger.c - the contact ledger: units (keys, one record per unit,
 * matching, merging), workers (ID checks, masks, met again), visit links
 * and coverage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static fb_unit unit_of(fixture *fx, const char *kind, const char *name, uint32_t kinds)
{
	fb_unit u = {0};
	u.group_id = fx->group_id;
	snprintf(u.kind, sizeof u.kind, "%s", kind);
	u.name = (char *)name;
	u.enterprise_kinds = kinds;
	return u;
}

static int64_t add_unit(fixture *fx, const char *kind, const char *name, uint32_t kinds)
{
	fb_unit u = unit_of(fx, kind, name, kinds);
	fb_error err = {0};
	assert_int_equal(fb_unit_save(fx->st, &u, 0, NULL, &err), FB_OK);
	return u.id;
}

static int64_t add_log(fixture *fx, int64_t author, const char *date)
{
	fb_log l = fx_log(fx, date, "走访企业，与职工座谈。");
	l.author_id = author;
	fb_error err = {0};
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	return l.id;
}

static void test_name_key(void **state)
{
	(void)state;
	char k[128];
	assert_string_equal(fb_unit_name_key("宏达机械有限公司", k, sizeof k), "宏达机械");
	assert_string_equal(fb_unit_name_key("宏达 机械有限责任公司", k, sizeof k), "宏达机械");
	assert_string_equal(fb_unit_name_key("宏达机械股份有限公司", k, sizeof k), "宏达机械");
	assert_string_equal(fb_unit_name_key("ＡＢＣ电子（北京）公司", k, sizeof k), "abc电子北京");
	assert_string_equal(fb_unit_name_key("宏达　机械厂", k, sizeof k), "宏达机械厂");
	/* a name that is only a suffix keeps it */
	assert_string_equal(fb_unit_name_key("公司", k, sizeof k), "公司");
}

static void test_one_record_per_unit(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t id = add_unit(fx, "enterprise", "宏达机械有限公司", 1);
	/* typed another way: refused, naming the existing unit */
	const char *same[] = {"宏达机械有限责任公司", "宏达 机械", "宏达机械股份有限公司",
	                      "ＨＤ宏达机械有限公司"};
	for (size_t i = 0; i < 3; i++) {
		fb_unit u = unit_of(fx, "enterprise", same[i], 0);
		int64_t other = 0;
		assert_int_equal(fb_unit_save(fx->st, &u, 0, &other, &err), FB_EINVAL);
		assert_string_equal(err.field, "name");
		assert_int_equal(other, id);
	}
	/* one containing the other is offered too */
	fb_unit u = unit_of(fx, "enterprise", same[3], 0);
	int64_t other = 0;
	assert_int_equal(fb_unit_save(fx->st, &u, 0, &other, &err), FB_EINVAL);
	assert_int_equal(other, id);
	/* said to be a different unit: saved */
	assert_int_equal(fb_unit_save(fx->st, &u, 1, NULL, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM units"), 2);
	/* bad input changes nothing */
	fb_unit bad = unit_of(fx, "worker", "张三", 0);
	assert_int_equal(fb_unit_save(fx->st, &bad, 0, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "kind");
	bad = unit_of(fx, "union", "某工会", 1);
	assert_int_equal(fb_unit_save(fx->st, &bad, 0, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "enterprise_kinds");
	bad = unit_of(fx, "enterprise", "某厂", 1u << 9);
	assert_int_equal(fb_unit_save(fx->st, &bad, 0, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "enterprise_kinds");
	bad = unit_of(fx, "enterprise", "某\xe2\x80\x8b厂", 0);
	assert_int_equal(fb_unit_save(fx->st, &bad, 0, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "name");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM units"), 2);
}

static void test_match_as_typed(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 0);
	int64_t b = add_unit(fx, "enterprise", "华联纺织厂", 0);
	int64_t c = add_unit(fx, "enterprise", "新宏达电子科技有限公司", 0);
	fb_unit_row rows[8];
	int n = fb_unit_match(fx->st, fx->group_id, "宏达", rows, 8, &err);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, a); /* starts with it */
	assert_int_equal(rows[1].id, c);
	n = fb_unit_match(fx->st, fx->group_id, "宏达机械有限责任公司", rows, 8, &err);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, a);
	/* full-width and spaces ignored; one character is a prefix query */
	n = fb_unit_match(fx->st, fx->group_id, "华 联", rows, 8, &err);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, b);
	n = fb_unit_match(fx->st, fx->group_id, "纺", rows, 8, &err);
	assert_int_equal(n, 1);
	assert_int_equal(fb_unit_match(fx->st, fx->group_id, "汽车", rows, 8, &err), 0);
	/* another group's units are not offered */
	assert_int_equal(fb_unit_match(fx->st, fx->group_id + 1, "宏达", rows, 8, &err), 0);
	/* a renamed unit is found by its new name only */
	fb_unit u;
	assert_int_equal(fb_unit_get(fx->st, b, &u, &err), FB_OK);
	free(u.name);
	u.name = strdup("华联服装厂");
	assert_int_equal(fb_unit_save(fx->st, &u, 0, NULL, &err), FB_OK);
	fb_unit_free(&u);
	assert_int_equal(fb_unit_match(fx->st, fx->group_id, "纺织", rows, 8, &err), 0);
	assert_int_equal(fb_unit_match(fx->st, fx->group_id, "服装", rows, 8, &err), 1);
}

static void test_merge(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 1);
	fb_unit u = unit_of(fx, "enterprise", "宏达机械制造厂", 4);
	assert_int_equal(fb_unit_save(fx->st, &u, 1, NULL, &err), FB_OK);
	int64_t b = u.id;
	int64_t l1 = add_log(fx, fx->member_id, "2026-11-20");
	int64_t l2 = add_log(fx, fx->member_id, "2026-11-21");
	assert_int_equal(fb_visit_add_unit(fx->st, l1, a, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, l1, b, "phone", &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, l2, b, "wechat", &err), FB_OK);
	fb_worker w = {0};
	w.group_id = fx->group_id;
	w.unit_id = b;
	w.name = "李　习";
	assert_int_equal(fb_worker_save(fx->st, &w, 0, NULL, &err), FB_OK);
	/* deleting a unit with visits is refused */
	assert_int_equal(fb_unit_delete(fx->st, b, &err), FB_ESTATE);
	int64_t rev = fx_int(fx->st, "SELECT max(rev) FROM log_units");
	assert_int_equal(fb_unit_merge(fx->st, b, a, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM log_units WHERE unit_id = 2 AND "
	                                "deleted = 0"),
	                 0);
	/* l1 had both: one link remains; l2's moved, with a new revision */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM log_units WHERE unit_id = 1 AND "
	                                "deleted = 0"),
	                 2);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM log_units WHERE rev > %lld", (long long)rev);
	assert_true(fx_int(fx->st, sql) >= 1);
	assert_int_equal(fx_int(fx->st, "SELECT unit_id FROM workers"), a);
	assert_int_equal(fx_int(fx->st, "SELECT merged_into FROM units WHERE id = 2"), a);
	assert_int_equal(fx_int(fx->st, "SELECT enterprise_kinds FROM units WHERE id = 1"), 5);
	/* the merge is history: who merged what into what */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = 'units' AND "
	                                "field = 'merged_into' AND old_value = ''"),
	                 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = 'units' AND "
	                                "field = 'enterprise_kinds' AND new_value = '5'"),
	                 1);
	/* the merged record is history: not offered, not merged again */
	fb_unit_row rows[4];
	assert_int_equal(fb_unit_match(fx->st, fx->group_id, "制造厂", rows, 4, &err), 0);
	assert_int_equal(fb_unit_merge(fx->st, b, a, &err), FB_ESTATE);
	assert_int_equal(fb_unit_merge(fx->st, a, a, &err), FB_EINVAL);
	/* a link to the merged unit goes to the kept one */
	int64_t l3 = add_log(fx, fx->member_id, "2026-11-22");
	assert_int_equal(fb_visit_add_unit(fx->st, l3, b, NULL, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT unit_id FROM log_units ORDER BY id DESC LIMIT 1"), a);
	fb_unit_filter f = {fx->group_id, NULL, NULL, 0};
	assert_int_equal(fb_unit_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_int_equal(rows[0].visits, 3);
	assert_string_equal(rows[0].last_visit, "2026-11-22");
}

static void test_id_numbers(void **state)
{
	(void)state;
	fb_error err = {0};
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	assert_int_equal(fb_id_number_check("11010519491231002X", &err), FB_OK);
	assert_int_equal(fb_id_number_check("11010519491231002x", &err), FB_OK);
	assert_int_equal(fb_id_number_check("110105194912310021", &err), FB_EINVAL);
	assert_non_null(strstr(err.msg, "X"));
	assert_int_equal(fb_id_number_check("1101051949123100", &err), FB_EINVAL);
	assert_int_equal(fb_id_number_check("11010519491331002X", &err), FB_EINVAL); /* month 13 */
	assert_int_equal(fb_id_number_check("1101051949A231002X", &err), FB_EINVAL);
	assert_int_equal(fb_id_number_check("110105491231002", &err), FB_OK); /* old 15 */
	char m[40];
	assert_string_equal(fb_mask_phone("13812348000", m, sizeof m), "138****8000");
	assert_string_equal(fb_mask_phone("", m, sizeof m), "");
	assert_string_equal(fb_mask_id("11010519491231002X", m, sizeof m), "1101**********002X");
}

static void test_workers(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 0);
	fb_worker w = {0};
	w.group_id = fx->group_id;
	w.unit_id = a;
	w.name = "王芳";
	w.phone = "13812348000";
	w.worker_kinds = 1;
	char id[] = "11010519491231002x";
	w.id_number = id;
	assert_int_equal(fb_worker_save(fx->st, &w, 0, NULL, &err), FB_OK);
	/* stored sealed (seal.h): read through the core */
	fb_worker got;
	assert_int_equal(fb_worker_get(fx->st, w.id, &got, &err), FB_OK);
	assert_string_equal(got.id_number + 17, "X");
	fb_worker_free(&got);
	assert_int_equal(fx_int(fx->st, "SELECT substr(id_number, 1, 4) = 'fb1:' FROM workers"), 1);
	/* met again: the same record */
	fb_worker again = {0};
	again.group_id = fx->group_id;
	again.name = "王芳芳";
	again.phone = "13812348000";
	int64_t other = 0;
	assert_int_equal(fb_worker_save(fx->st, &again, 0, &other, &err), FB_EINVAL);
	assert_string_equal(err.field, "phone");
	assert_int_equal(other, w.id);
	again.phone = NULL;
	again.name = "王芳";
	again.unit_id = a;
	assert_int_equal(fb_worker_save(fx->st, &again, 0, &other, &err), FB_EINVAL);
	assert_string_equal(err.field, "name");
	/* a wrong ID number is refused with the reason */
	char bad[] = "110105194912310021";
	again.name = "赵敏";
	again.id_number = bad;
	assert_int_equal(fb_worker_save(fx->st, &again, 0, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "id_number");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM workers"), 1);
	/* lists show phones masked */
	fb_worker_row rows[4];
	fb_worker_filter f = {fx->group_id, 0, NULL};
	assert_int_equal(fb_worker_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_string_equal(rows[0].phone, "138****8000");
	assert_string_equal(rows[0].unit, "宏达机械有限公司");
	/* a worker met in a log stays */
	int64_t l = add_log(fx, fx->member_id, "2026-11-20");
	assert_int_equal(fb_visit_add_worker(fx->st, l, w.id, &err), FB_OK);
	assert_int_equal(fb_visit_add_worker(fx->st, l, w.id, &err), FB_OK); /* once */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM log_workers"), 1);
	assert_int_equal(fb_worker_delete(fx->st, w.id, &err), FB_ESTATE);
	assert_int_equal(fb_visit_remove_worker(fx->st, l, w.id, &err), FB_OK);
	assert_int_equal(fb_worker_delete(fx->st, w.id, &err), FB_OK);
}

static void test_coverage(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	/* kinds bits: 0 difficulty, 2 small_private */
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 1);
	int64_t b = add_unit(fx, "enterprise", "华联纺织厂", 4);
	int64_t h = add_unit(fx, "household", "职工王芳家", 0);
	int64_t never = add_unit(fx, "enterprise", "金源化工有限公司", 0);
	(void)never;
	int64_t l1 = add_log(fx, fx->member_id, "2026-11-16");
	int64_t l2 = add_log(fx, fx->member_id, "2026-11-17");
	int64_t l3 = add_log(fx, fx->other_id, "2026-11-17");
	assert_int_equal(fb_visit_add_unit(fx->st, l1, a, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, l2, a, "video", &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, l2, h, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, l3, b, NULL, &err), FB_OK);
	fb_worker w = {0};
	w.group_id = fx->group_id;
	w.name = "王芳";
	w.worker_kinds = 1 | 2;
	assert_int_equal(fb_worker_save(fx->st, &w, 0, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_worker(fx->st, l1, w.id, &err), FB_OK);
	assert_int_equal(fb_visit_add_worker(fx->st, l3, w.id, &err), FB_OK);
	fb_coverage c;
	fb_coverage_filter f = {fx->group_id, fx->member_id, NULL, NULL};
	assert_int_equal(fb_coverage_get(fx->st, &f, &c, &err), FB_OK);
	assert_int_equal(c.units, 2); /* a twice, h once */
	assert_int_equal(c.enterprises, 1);
	assert_int_equal(c.households, 1);
	assert_int_equal(c.enterprise_kinds, 1);
	assert_int_equal(c.workers, 1);
	assert_int_equal(c.contact_days, 2);
	assert_int_equal(c.head_count, 10); /* 5 typed into each log */
	assert_int_equal(c.t_enterprises, 2);
	assert_int_equal(c.t_workers, 10);
	assert_int_equal(c.t_contact_days, 21);
	assert_int_equal(c.t_contact_units, -1); /* a member, not a leader */
	/* the group: distinct over its cadres */
	fb_coverage_filter g = {fx->group_id, 0, "2026-11-01", "2026-11-30"};
	assert_int_equal(fb_coverage_get(fx->st, &g, &c, &err), FB_OK);
	assert_int_equal(c.units, 3);
	assert_int_equal(c.enterprises, 2);
	assert_int_equal(c.enterprise_kinds, 5);
	assert_int_equal(c.workers, 1);
	assert_int_equal(c.t_enterprises, 10);
	/* a period that holds nothing */
	fb_coverage_filter none = {fx->group_id, 0, "2026-11-18", "2026-11-30"};
	assert_int_equal(fb_coverage_get(fx->st, &none, &c, &err), FB_OK);
	assert_int_equal(c.units, 0);
	fb_coverage_filter badf = {fx->group_id, 0, "2026-13-01", NULL};
	assert_int_equal(fb_coverage_get(fx->st, &badf, &c, &err), FB_EINVAL);
	assert_string_equal(err.field, "from");
}

typedef struct nexts {
	int ent, wk, stale, ret;
	int64_t first_stale;
} nexts;
static int on_next(const fb_next_item *it, void *ctx)
{
	nexts *n = ctx;
	if (it->kind == FB_NEXT_ENTERPRISE_KIND)
		n->ent++;
	else if (it->kind == FB_NEXT_WORKER_KIND)
		n->wk++;
	else if (it->kind == FB_NEXT_STALE_UNIT && !n->stale++)
		n->first_stale = it->id;
	else if (it->kind == FB_NEXT_RETURN_VISIT)
		n->ret++;
	return 0;
}

static void test_where_next(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 1 | 2 | 4);
	int64_t never = add_unit(fx, "enterprise", "金源化工有限公司", 0);
	int64_t l1 = add_log(fx, fx->member_id, "2026-11-16");
	assert_int_equal(fb_visit_add_unit(fx->st, l1, a, NULL, &err), FB_OK);
	fb_coverage c;
	fb_coverage_filter f = {fx->group_id, 0, NULL, NULL};
	assert_int_equal(fb_coverage_get(fx->st, &f, &c, &err), FB_OK);
	nexts n = {0};
	assert_int_equal(fb_coverage_next(fx->st, &f, &c, 5, on_next, &n, &err), FB_OK);
	assert_int_equal(n.ent, 5); /* 8 kinds, 3 met */
	assert_int_equal(n.wk, 8);  /* no worker met */
	assert_int_equal(n.stale, 2);
	assert_int_equal(n.first_stale, never); /* never visited comes first */
}

typedef struct cadres {
	int n;
	int64_t units_sum;
} cadres;
static int on_cadre(int64_t id, const char *name, const char *role, int64_t group,
                    const char *gname, const fb_coverage *cov, void *ctx)
{
	(void)id, (void)name, (void)group, (void)gname;
	cadres *c = ctx;
	c->n++;
	c->units_sum += cov->units;
	if (!strcmp(role, "leader"))
		assert_int_equal(cov->t_contact_units, 4);
	return 0;
}

static void test_cadres(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 1);
	int64_t l1 = add_log(fx, fx->member_id, "2026-11-16");
	int64_t l2 = add_log(fx, fx->leader_id, "2026-11-16");
	assert_int_equal(fb_visit_add_unit(fx->st, l1, a, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, l2, a, NULL, &err), FB_OK);
	cadres c = {0};
	assert_int_equal(fb_coverage_cadres(fx->st, 0, NULL, NULL, on_cadre, &c, &err), FB_OK);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.units_sum, 2);
}

static void test_sheet(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t u = add_unit(fx, "union", "桃源镇总工会", 0);
	fb_sheet s = {0};
	s.author_id = fx->member_id;
	s.unit_id = u;
	snprintf(s.date, sizeof s.date, "2026-11-20");
	s.content = "了解建会情况。";
	s.problem = "两家企业拖欠工资";
	s.beyond = 1;
	assert_int_equal(fb_sheet_save(fx->st, &s, &err), FB_EINVAL);
	assert_string_equal(err.field, "handed_to");
	s.handed_to = "县人社局";
	assert_int_equal(fb_sheet_save(fx->st, &s, &err), FB_OK);
	/* a member does not file; the leader does, once; a filed sheet stays */
	assert_int_equal(fb_sheet_file(fx->st, s.id, fx->member_id, NULL, &err), FB_EINVAL);
	assert_int_equal(fb_sheet_file(fx->st, s.id, fx->leader_id, NULL, &err), FB_OK);
	assert_int_equal(fb_sheet_file(fx->st, s.id, fx->leader_id, NULL, &err), FB_ESTATE);
	s.content = "改过的内容";
	assert_int_equal(fb_sheet_save(fx->st, &s, &err), FB_ESTATE);
	int64_t ticket = 0;
	fx_as(fx, fx->member_id); /* the step is recorded in the name of who is signed in */
	assert_int_equal(fb_sheet_to_ticket(fx->st, s.id, fx->member_id, "wage_arrears",
	                                    "party_gov", &ticket, &err),
	                 FB_OK);
	assert_true(ticket > 0);
	fb_ticket t;
	assert_int_equal(fb_ticket_get(fx->st, ticket, &t, &err), FB_OK);
	assert_string_equal(t.status, "handed_over");
	assert_string_equal(t.unit, "桃源镇总工会");
	fb_ticket_free(&t);
	assert_int_equal(fx_int(fx->st, "SELECT sheet_id FROM tickets"), s.id);
	assert_int_equal(fx_int(fx->st, "SELECT ticket_id FROM contact_sheets"), ticket);
	assert_int_equal(fb_sheet_to_ticket(fx->st, s.id, fx->member_id, "wage_arrears",
	                                    "party_gov", &ticket, &err),
	                 FB_ESTATE);
	/* a sheet of another group's unit is refused */
	fb_sheet o = s;
	o.id = 0;
	o.unit_id = u + 100;
	o.beyond = 0;
	assert_int_equal(fb_sheet_save(fx->st, &o, &err), FB_EINVAL);
	assert_string_equal(err.field, "unit");
	fb_sheet_row rows[4];
	assert_int_equal(fb_sheet_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_int_equal(rows[0].ticket_id, ticket);
	assert_int_equal(rows[0].filed, 1);
}

/* Who may write the ledger (016_perm_more.sql): the group's people its
 * units and workers, a log's author its visits, a sheet's author the
 * sheet, the leader the filing; nobody signed in nothing. */
static void test_who_may(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t u = add_unit(fx, "enterprise", "宏达机械有限公司", 0); /* the leader */
	int64_t mine = add_log(fx, fx->member_id, "2026-11-19");
	int64_t hers = add_log(fx, fx->other_id, "2026-11-19");
	long long units = fx_int(fx->st, "SELECT count(*) FROM units");
	fx_as(fx, 0);
	fb_unit nobody = unit_of(fx, "enterprise", "无人登记的企业", 0);
	assert_int_equal(fb_unit_save(fx->st, &nobody, 0, NULL, &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "nobody is signed in"));
	assert_int_equal(fb_unit_delete(fx->st, u, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM units"), units);
	fx_as(fx, fx->member_id);
	fb_unit met = unit_of(fx, "enterprise", "红星纺织厂", 0);
	assert_int_equal(fb_unit_save(fx->st, &met, 0, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, mine, u, NULL, &err), FB_OK);
	assert_int_equal(fb_visit_add_unit(fx->st, hers, u, NULL, &err), FB_EPERM);
	assert_int_equal(fb_visit_remove_unit(fx->st, hers, u, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM log_units"), 1);
	fb_sheet sh = {.author_id = fx->other_id, .unit_id = u, .content = "了解建会情况。"};
	snprintf(sh.date, sizeof sh.date, "2026-11-20");
	assert_int_equal(fb_sheet_save(fx->st, &sh, &err), FB_EPERM);
	sh.author_id = fx->member_id;
	assert_int_equal(fb_sheet_save(fx->st, &sh, &err), FB_OK);
	assert_int_equal(fb_sheet_file(fx->st, sh.id, fx->leader_id, NULL, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM contact_sheets WHERE filed_by IS NOT "
	                                "NULL"),
	                 0);
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_sheet_file(fx->st, sh.id, fx->leader_id, NULL, &err), FB_OK);
}

/* The log form's unit: the one chosen, the one of the same name key, or a
 * new one; an edit that names another unit moves the link. */
static void test_link_named(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int added = -1;
	int64_t a = add_unit(fx, "enterprise", "宏达机械有限公司", 1);
	int64_t l = add_log(fx, fx->member_id, "2026-11-20");
	const char *links = "SELECT group_concat(unit_id) FROM log_units WHERE deleted = 0";
	/* the same key (full-width, another suffix) is the unit already there */
	assert_int_equal(
		fb_visit_link_named(fx->st, l, "宏达机械有限责任公司", 0, NULL, &added, &err), FB_OK);
	assert_int_equal(added, 0);
	assert_int_equal(fx_int(fx->st, links), a);
	/* a name not in the ledger adds the unit */
	assert_int_equal(
		fb_visit_link_named(fx->st, l, "红星纺织厂", 0, "宏达机械有限公司", &added, &err),
		FB_OK);
	assert_int_equal(added, 1);
	int64_t b = fx_int(fx->st, "SELECT id FROM units WHERE name = '红星纺织厂'");
	assert_true(b > a);
	assert_int_equal(fx_int(fx->st, links), b); /* the old link went */
	/* a unit chosen is taken as it is, nothing added; empty text links nothing */
	assert_int_equal(fb_visit_link_named(fx->st, l, "宏达", a, NULL, &added, &err), FB_OK);
	assert_int_equal(added, 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM log_units WHERE deleted = 0"), 2);
	assert_int_equal(fb_visit_link_named(fx->st, l, "", 0, NULL, &added, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM units"), 2);
	/* a log that is not there */
	assert_int_equal(fb_visit_link_named(fx->st, 9999, "宏达", 0, NULL, &added, &err), FB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_who_may, fx_setup, fx_teardown),
		cmocka_unit_test(test_name_key),
		cmocka_unit_test_setup_teardown(test_one_record_per_unit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_match_as_typed, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_merge, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_link_named, fx_setup, fx_teardown),
		cmocka_unit_test(test_id_numbers),
		cmocka_unit_test_setup_teardown(test_workers, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_coverage, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_where_next, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cadres, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sheet, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
