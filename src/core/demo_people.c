/* demo_people.c - the demo's groups and their people: each group's
 * station, county and supervisor, its three to five cadres, and when each
 * joined. */
#include <stdio.h>

#include "demo_share.h"

static const char *const counties[] = {"东湖区", "西山县", "南岭县", "北塘区", "青河县", "白沙区",
                                       "石桥县", "云溪县", "临江区", "安平县", "长宁县", "丰源区"};
static const char *const station_kinds[] = {"town", "street", "zone", "industry"};
static const char *const station_suffix[] = {"镇", "街道", "经济开发区", "建筑行业工会"};
static const char *const hq_units[] = {"组织部",     "宣传教育部", "权益保障部", "经济工作部",
                                       "法律工作部", "女职工部",   "县总工会"};

/* A group and its people. Everyone joins on the first day but in every
 * third group, whose last member joins a third of the way into the stay
 * (people.joined_on: days missing count from then). */
static fb_status make_group(demo *d, int gi, fb_date start, fb_date end, int64_t *gid, member *m,
                            int *nm, fb_error *err)
{
	char name[160], station[96], county[32], sup[32], uuid[37], pname[40], day[11];
	sqlite3 *db = fb_store_db(d->st);
	unsigned k = pick(d, N(station_kinds));
	snprintf(county, sizeof county, "%s", PICK(d, counties));
	snprintf(station, sizeof station, "%s%s", PICK(d, demo_station_roots), station_suffix[k]);
	snprintf(name, sizeof name, "第%d蹲点工作组（%s）", gi + 1, station);
	demo_person_name(d, sup, sizeof sup);
	day_uuid(d, start, uuid);
	sqlite3_stmt *s = fb_store_stmt(
		d->st,
		"INSERT INTO work_groups (uuid, name, station, station_kind, county, supervisor, "
		"started_on, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_date_format(start, day);
	char at[21];
	snprintf(at, sizeof at, "%sT09:00:00Z", day);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, station, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, station_kinds[k], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, county, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, sup, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, d->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, day_rev(d, start));
	sqlite3_bind_text(s, 10, at, -1, SQLITE_TRANSIENT);
	fb_status rc = fb_step_done(d->st, s, err);
	if (rc)
		return rc;
	*gid = sqlite3_last_insert_rowid(db);
	*nm = 3 + (int)pick(d, 3);
	s = fb_store_stmt(d->st,
	                  "INSERT INTO people (uuid, group_id, name, role, unit, phone, origin, "
	                  "rev, updated_at, "
	                  "joined_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                  err);
	if (!s)
		return err ? err->code : FB_EDB;
	for (int i = 0; i < *nm; i++) {
		char phone[16];
		demo_person_name(d, pname, sizeof pname);
		day_uuid(d, start, uuid);
		pick_phone(d, phone);
		sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, *gid);
		sqlite3_bind_text(s, 3, pname, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, i == 0 ? "leader" : "member", -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, i == *nm - 1 ? "县总工会" : PICK(d, hq_units), -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(s, 6, phone, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 7, d->origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 8, day_rev(d, start));
		sqlite3_bind_text(s, 9, at, -1, SQLITE_TRANSIENT);
		long first = fb_date_to_days(start), last = fb_date_to_days(end);
		m[i].joined =
			gi % 3 == 2 && i == *nm - 1 && i > 0 ? first + (last - first) / 3 : first;
		char joined[11];
		fb_date_format(fb_date_from_days(m[i].joined), joined);
		sqlite3_bind_text(s, 10, joined, -1, SQLITE_TRANSIENT);
		if ((rc = fb_step_done(d->st, s, err)))
			return rc;
		m[i].id = sqlite3_last_insert_rowid(db);
		m[i].leader = i == 0;
	}
	return FB_OK;
}

fb_status demo_make_groups(demo *d, fb_error *err)
{
	fb_status rc = fb_store_begin(d->st, err);
	for (int g = 0; g < d->ngroups && !rc; g++)
		rc = make_group(d, g, d->start, d->end, &d->gids[g], &d->members[g * 6],
		                &d->nmem[g], err);
	if (rc) {
		fb_store_rollback(d->st);
		return rc;
	}
	return fb_store_commit(d->st, err);
}
