/* demo_ledger.c - the demo's contact ledger: the units a group meets again
 * and again (enterprises mostly), the workers met there, each log's links to
 * them, and the contact record sheets. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/unit.h"
#include "demo_share.h"

static const char *const ent_prefix[] = {
	"宏达", "华联", "新兴", "金源", "恒信", "鑫盛", "永安", "丰泽", "博远", "瑞祥", "天成",
	"众诚", "海川", "长青", "嘉禾", "立信", "汇通", "东升", "中泰", "明珠", "兴旺", "福达"};
static const char *const ent_trade[] = {"机械制造", "纺织", "电子科技", "食品加工", "物流",
                                        "建材",     "服装", "汽车配件", "化工",     "印刷包装",
                                        "家具",     "医药", "餐饮服务", "建筑工程"};
static const char *const ent_suffix[] = {"有限公司", "股份有限公司", "厂", "有限责任公司"};

/* A random enterprise name: prefix, trade, legal form. */
static void enterprise(demo *d, char *out, size_t size)
{
	const char *prefix = PICK(d, ent_prefix);
	const char *trade = PICK(d, ent_trade);
	snprintf(out, size, "%s%s%s", prefix, trade, PICK(d, ent_suffix));
}

/* The unit a log visits: often one the group met before, else a new one
 * of the group's ledger (an enterprise mostly; unions, households,
 * communities). *u points at it. */
fb_status demo_pick_unit(demo *d, int g, fb_date dd, const char *at, demo_unit **u, fb_error *err)
{
	demo_unit *pool = &d->units[(size_t)g * (size_t)d->pool_units];
	int n = d->nunits[g];
	if (n >= d->pool_units || (n >= 8 && pick(d, 3))) {
		*u = &pool[pick(d, (unsigned)n)];
		return FB_OK;
	}
	demo_unit *nu = &pool[n];
	unsigned k = pick(d, 20);
	const char *kind = k < 15   ? "enterprise"
	                   : k < 17 ? "union"
	                   : k < 19 ? "household"
	                            : "community";
	char ent[96], key[160], uuid[37], contact[40];
	enterprise(d, ent, sizeof ent);
	if (!strcmp(kind, "union")) {
		char *cut = strstr(ent, "有限");
		if (cut)
			*cut = '\0';
		snprintf(nu->name, sizeof nu->name, "%s工会", ent);
	} else if (!strcmp(kind, "household")) {
		char who[40];
		demo_person_name(d, who, sizeof who);
		snprintf(nu->name, sizeof nu->name, "职工%s家", who);
	} else if (!strcmp(kind, "community")) {
		snprintf(nu->name, sizeof nu->name, "%s社区", PICK(d, demo_station_roots));
	} else {
		snprintf(nu->name, sizeof nu->name, "%s", ent);
	}
	snprintf(nu->kind, sizeof nu->kind, "%s", kind);
	fb_unit_name_key(nu->name, key, sizeof key);
	demo_person_name(d, contact, sizeof contact);
	static const char *const owners[] = {"private", "private", "private",
	                                     "state",   "foreign", "collective"};
	int ent_kind = !strcmp(kind, "enterprise");
	uint32_t kinds = ent_kind ? pick_kinds(d) : 0;
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->unit_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, d->gids[g]);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, nu->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, kinds);
	sqlite3_bind_text(s, 7, ent_kind ? PICK(d, owners) : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, ent_kind ? 10 + (int)pick(d, 800) : 0);
	sqlite3_bind_text(s, 9, ent_kind ? (pick(d, 3) ? "yes" : "no") : "unknown", -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(s, 10, ent_kind || !strcmp(kind, "union") ? contact : "", -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, day_rev(d, dd));
	sqlite3_bind_text(s, 13, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	if (rc)
		return rc;
	nu->id = sqlite3_last_insert_rowid(fb_store_db(d->st));
	d->nunits[g]++;
	*u = nu;
	return FB_OK;
}

/* The workers a log met at unit u: some met before, most new. */
fb_status demo_meet_workers(demo *d, int g, int64_t log_id, const demo_unit *u, fb_date dd,
                            const char *at, int has_problem, unsigned prob, fb_error *err)
{
	int64_t *pool = &d->workers[(size_t)g * (size_t)d->pool_workers];
	int many = (int)pick(d, 4);
	int64_t met[4] = {0};
	fb_status rc = FB_OK;
	for (int k = 0; k < many && !rc; k++) {
		int64_t wid;
		char uuid[37];
		if (d->nworkers[g] >= d->pool_workers || (d->nworkers[g] > 0 && pick(d, 4) == 0)) {
			wid = pool[pick(d, (unsigned)d->nworkers[g])];
		} else {
			char name[40], phone[16];
			demo_person_name(d, name, sizeof name);
			pick_phone(d, phone);
			day_uuid(d, dd, uuid);
			sqlite3_stmt *s = d->worker_ins;
			sqlite3_reset(s);
			sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(s, 2, d->gids[g]);
			sqlite3_bind_int64(s, 3, u->id);
			sqlite3_bind_text(s, 4, name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 5, pick(d, 3) ? phone : "", -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(s, 6,
			                   (int64_t)pick_kinds(d));
			sqlite3_bind_text(s, 7,
			                  has_problem && k == 0 ? demo_problems[prob].finding : "",
			                  -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 8, d->origin, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 9, day_rev(d, dd));
			sqlite3_bind_text(s, 10, at, -1, SQLITE_TRANSIENT);
			if ((rc = fb_step_done(d->st, s, err)))
				return rc;
			wid = sqlite3_last_insert_rowid(fb_store_db(d->st));
			pool[d->nworkers[g]++] = wid;
		}
		/* the same worker twice in one log is one meeting */
		int again = 0;
		for (int j = 0; j < k; j++)
			again |= met[j] == wid;
		met[k] = wid;
		if (again)
			continue;
		day_uuid(d, dd, uuid);
		sqlite3_stmt *s = d->lworker_ins;
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, log_id);
		sqlite3_bind_int64(s, 3, wid);
		sqlite3_bind_text(s, 4, d->origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, day_rev(d, dd));
		sqlite3_bind_text(s, 6, at, -1, SQLITE_TRANSIENT);
		rc = fb_step_done(d->st, s, err);
	}
	return rc;
}

/* The link of a log to its unit, with the way the contact was made. */
fb_status demo_link_unit(demo *d, int64_t log_id, const demo_unit *u, fb_date dd, const char *at,
                         const char **mode, fb_error *err)
{
	static const char *const modes[] = {"on_site", "on_site", "on_site", "on_site", "on_site",
	                                    "on_site", "on_site", "phone",   "wechat",  "video"};
	char uuid[37];
	*mode = PICK(d, modes);
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->lunit_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, log_id);
	sqlite3_bind_int64(s, 3, u->id);
	sqlite3_bind_text(s, 4, *mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, day_rev(d, dd));
	sqlite3_bind_text(s, 7, at, -1, SQLITE_TRANSIENT);
	return fb_step_done(d->st, s, err);
}

/* The contact record sheet of a visit to a grassroots union; its sheet id
 * into *sheet_id. A problem beyond the cadre's authority is handed over. */
fb_status demo_write_sheet(demo *d, int g, int author, int64_t log_id, const demo_unit *u,
                           fb_date dd, const char *at, const char *mode, const char *content,
                           int has_problem, unsigned prob, int64_t *sheet_id, fb_error *err)
{
	const member *m = &d->members[g * 6];
	char uuid[37], day[11], who[40], met[64], filed[11];
	demo_person_name(d, who, sizeof who);
	snprintf(met, sizeof met, "%s（工会主席）", who);
	fb_date_format(dd, day);
	int beyond = has_problem && pick(d, 2);
	long age = fb_date_to_days(d->end) - fb_date_to_days(dd);
	fb_date_format(fb_date_add(dd, age > 3 ? 2 : 0), filed);
	day_uuid(d, dd, uuid);
	sqlite3_stmt *s = d->sheet_ins;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, d->gids[g]);
	sqlite3_bind_int64(s, 3, u->id);
	sqlite3_bind_int64(s, 4, m[author].id);
	sqlite3_bind_int64(s, 5, log_id);
	sqlite3_bind_text(s, 6, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, met, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, content, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 10, "希望上级工会加强业务指导，多开展职工技能培训。", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, has_problem ? demo_problems[prob].finding : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 12, beyond);
	sqlite3_bind_text(s, 13, beyond ? PICK(d, demo_depts) : "", -1, SQLITE_STATIC);
	if (age > 3) {
		sqlite3_bind_int64(s, 14, m[0].id);
		sqlite3_bind_text(s, 15, filed, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, 14);
		sqlite3_bind_null(s, 15);
	}
	sqlite3_bind_text(s, 16, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 17, day_rev(d, dd));
	sqlite3_bind_text(s, 18, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	*sheet_id = sqlite3_last_insert_rowid(fb_store_db(d->st));
	return rc;
}
