/* demo_points.c - the demo's contact points (联系点): in every group up to
 * two of its grassroots unions kept as contact points, each with a research
 * liaison. Written after the logs (so the draws before stay as they were
 * for a seed). The liaison's name and phone are written open, as the demo's
 * other personal fields, and sealed with them when everyone is given the
 * demo password.
 *
 * No research topics and no pairings: both are headquarters' records, and
 * a demo database is a station's (its bundles go to HQ, which refuses
 * topics and pairings from a station: test_kit.sh imports one). Nor has
 * the demo roster HQ staff to lead a pairing. */
#include <stdio.h>
#include <string.h>

#include "demo_share.h"

static fb_status step(demo *d, sqlite3_stmt *s, fb_error *err)
{
	return fb_step_done(d->st, s, err);
}

fb_status demo_write_points(demo *d, fb_error *err)
{
	fb_status rc = FB_OK;
	char at[21], uuid[37], since[11], who[40], phone[16];
	local_at(d, d->start, 9, 0, at);
	sqlite3_stmt *pi = fb_store_stmt(
		d->st,
		"INSERT INTO contact_points (uuid, group_id, unit_id, since, liaison_name, "
		"liaison_phone, note, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		"?8, ?9, ?10)",
		err);
	if (!pi)
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
			sqlite3_bind_text(pi, 7, "长期联系点，每半年报送书面材料。", -1,
			                  SQLITE_STATIC);
			sqlite3_bind_text(pi, 8, d->origin, -1, SQLITE_STATIC);
			sqlite3_bind_int64(pi, 9, day_rev(d, d->start));
			sqlite3_bind_text(pi, 10, at, -1, SQLITE_TRANSIENT);
			if ((rc = step(d, pi, err)))
				break;
			made++;
		}
	}
	return rc;
}
