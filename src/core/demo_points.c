/* demo_points.c - the demo's contact points (联系点) and research topics
 * (调研课题): HQ's topics for the year of the end date, and in every group
 * up to two of its grassroots unions kept as contact points, each with a
 * research liaison, taking up a topic. Written after the logs (so the
 * draws before stay as they were for a seed). The liaison's name and phone
 * are written open, as the demo's other personal fields, and sealed with
 * them when everyone is given the demo password. HQ leader pairings need
 * HQ staff, which the demo roster has none of: none are made. */
#include <stdio.h>
#include <string.h>

#include "demo_share.h"

static const char *const topics[][2] = {
	{"新就业形态劳动者入会和权益维护", "联系点每半年报送一次书面调研材料，6月30日、12月31日前。"},
	{"产业工人队伍建设改革", "了解企业技能人才培养、职工技能竞赛开展情况。"},
	{"基层工会规范化建设", "了解基层工会组织建设、经费使用、会员服务情况。"},
};

static fb_status step(demo *d, sqlite3_stmt *s, fb_error *err)
{
	return fb_step_done(d->st, s, err);
}

fb_status demo_write_points(demo *d, fb_error *err)
{
	fb_status rc = FB_OK;
	char at[21], uuid[37], since[11], who[40], phone[16];
	local_at(d, d->start, 9, 0, at);
	sqlite3_stmt *ti = fb_store_stmt(
		d->st,
		"INSERT INTO research_topics (uuid, year, title, description, origin, rev, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		err);
	if (!ti)
		return fb_stmt_failed(err);
	int64_t first_topic = 0;
	for (size_t i = 0; i < N(topics) && !rc; i++) {
		day_uuid(d, d->start, uuid);
		sqlite3_bind_text(ti, 1, uuid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ti, 2, d->end.y);
		sqlite3_bind_text(ti, 3, topics[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(ti, 4, topics[i][1], -1, SQLITE_STATIC);
		sqlite3_bind_text(ti, 5, d->origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ti, 6, day_rev(d, d->start));
		sqlite3_bind_text(ti, 7, at, -1, SQLITE_TRANSIENT);
		rc = step(d, ti, err);
		if (!rc && !first_topic)
			first_topic = sqlite3_last_insert_rowid(fb_store_db(d->st));
	}
	sqlite3_stmt *pi = fb_store_stmt(
		d->st,
		"INSERT INTO contact_points (uuid, group_id, unit_id, since, liaison_name, "
		"liaison_phone, note, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		"?8, ?9, ?10)",
		err);
	sqlite3_stmt *pt = fb_store_stmt(
		d->st,
		"INSERT INTO point_topics (uuid, group_id, point_id, topic_id, origin, rev, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		err);
	if (!pi || !pt)
		return fb_stmt_failed(err);
	fb_date_format(d->start, since);
	for (int g = 0; g < d->ngroups && !rc; g++) {
		int made = 0;
		for (int i = 0; i < d->nunits[g] && made < 2 && !rc; i++) {
			const demo_unit *u = &d->units[g * d->pool_units + i];
			if (strcmp(u->kind, "union"))
				continue;
			demo_person_name(d, who, sizeof who);
			pick_phone(d, phone);
			day_uuid(d, d->start, uuid);
			sqlite3_bind_text(pi, 1, uuid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(pi, 2, d->gids[g]);
			sqlite3_bind_int64(pi, 3, u->id);
			sqlite3_bind_text(pi, 4, since, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(pi, 5, who, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(pi, 6, phone, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(pi, 7, "长期联系点，每半年报送书面材料。", -1, SQLITE_STATIC);
			sqlite3_bind_text(pi, 8, d->origin, -1, SQLITE_STATIC);
			sqlite3_bind_int64(pi, 9, day_rev(d, d->start));
			sqlite3_bind_text(pi, 10, at, -1, SQLITE_TRANSIENT);
			if ((rc = step(d, pi, err)))
				break;
			int64_t point = sqlite3_last_insert_rowid(fb_store_db(d->st));
			made++;
			day_uuid(d, d->start, uuid);
			sqlite3_bind_text(pt, 1, uuid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(pt, 2, d->gids[g]);
			sqlite3_bind_int64(pt, 3, point);
			sqlite3_bind_int64(pt, 4, first_topic + (int64_t)pick(d, N(topics)));
			sqlite3_bind_text(pt, 5, d->origin, -1, SQLITE_STATIC);
			sqlite3_bind_int64(pt, 6, day_rev(d, d->start));
			sqlite3_bind_text(pt, 7, at, -1, SQLITE_TRANSIENT);
			rc = step(d, pt, err);
		}
	}
	return rc;
}
