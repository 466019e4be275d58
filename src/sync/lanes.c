/* lanes.c - imports stay in their lane (fieldbook-bundle(5), LANES).
 *
 * Who sent a bundle is its manifest's source_device and source_group (and,
 * once bundles are signed, the verified sender). A device is bound to the
 * lane of the first bundle this database accepted from it (the devices
 * table): one work group, or headquarters; a later bundle that claims
 * another lane is refused. A bundle from headquarters may change every
 * group's records. A bundle from a station may change only its own group's
 * records, and only what that group's roles may write:
 *
 *   table          the record's group        people it names (of the group)
 *   work_groups    the group itself          -
 *   people         group_uuid; role hq refused, headquarters staff never changed
 *   logs           group_uuid                author_uuid
 *   contacts       group_uuid                -
 *   reports        group_uuid                author_uuid
 *   tickets        group_uuid                opened_by_uuid, owner_uuid
 *   ticket_events  its ticket's group        actor_uuid (required)
 *   targets        headquarters only
 *   calendar_days, report_schedule, report_reviews   headquarters only
 *   leave          group_uuid                person_uuid, recorded_by_uuid
 *   units, workers group_uuid                -
 *   log_units, log_workers  its log's group  -
 *   contact_sheets group_uuid                author_uuid, filed_by_uuid
 *   research_topics, pairings, pairing_visits   headquarters only
 *   contact_points, point_topics  group_uuid     -
 *   history        group_uuid (text)         - (its device: the origin's lane)
 *
 * The version of this database counts as much as the row: a record that is
 * another group's here is not made the sender's by a row that says so. A row
 * that changes nothing here (the same or an older version: a copy relayed
 * back) is never refused, whatever its lane. From a station, a row that
 * claims to be this database's own change must be one this database holds
 * (from headquarters it is kept as a conflict: another laptop shares this
 * database's id).
 * One row outside the lane refuses the whole bundle (the import's one
 * transaction is rolled back), naming file, line and why. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "import.h"
#include "lanes.h"

static const imp_lane_rule rules[] = {
	{"work_groups", NULL, 0, 1, 0, 0, NULL, {NULL}, 0},
	{"people", "group_uuid", 0, 0, 0, 1, NULL, {NULL}, 0},
	{"logs", "group_uuid", 0, 0, 0, 0, NULL, {"author_uuid"}, 0},
	{"contacts", "group_uuid", 0, 0, 0, 0, NULL, {NULL}, 0},
	{"reports", "group_uuid", 0, 0, 0, 0, NULL, {"author_uuid"}, 0},
	{"tickets", "group_uuid", 0, 0, 0, 0, NULL, {"opened_by_uuid", "owner_uuid"}, 0},
	{"ticket_events", NULL, 0, 0, 0, 0, "ticket_uuid", {"actor_uuid"}, 1},
	{"targets", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	{"calendar_days", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	{"report_schedule", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	{"leave", "group_uuid", 0, 0, 0, 0, NULL, {"person_uuid", "recorded_by_uuid"}, 0},
	{"report_reviews", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	{"units", "group_uuid", 0, 0, 0, 0, NULL, {NULL}, 0},
	{"workers", "group_uuid", 0, 0, 0, 0, NULL, {NULL}, 0},
	{"log_units", NULL, 0, 0, 0, 0, "log_uuid", {NULL}, 0},
	{"log_workers", NULL, 0, 0, 0, 0, "log_uuid", {NULL}, 0},
	{"contact_sheets", "group_uuid", 0, 0, 0, 0, NULL, {"author_uuid", "filed_by_uuid"}, 0},
	{"research_topics", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	{"contact_points", "group_uuid", 0, 0, 0, 0, NULL, {NULL}, 0},
	{"point_topics", "group_uuid", 0, 0, 0, 0, NULL, {NULL}, 0},
	{"pairings", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	{"pairing_visits", NULL, 0, 0, 1, 0, NULL, {NULL}, 0},
	/* an entry of the history names its record's group by uuid; who wrote
	 * it is its device's (the origin's) lane */
	{"history", "group_uuid", 1, 0, 0, 0, NULL, {NULL}, 0},
};

const imp_lane_rule *imp_lane_rule_of(const char *table)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (!strcmp(rules[i].table, table))
			return &rules[i];
	return NULL;
}

/* 1 if group a is group b (uuids in either case; "" is headquarters). */
static int same_group(const char *a, const char *b) { return a && b && !strcasecmp(a, b); }

imp_lane_why imp_lane_decide(imp_lane_facts *f)
{
	const imp_lane_rule *r = f->rule;
	if (!f->changes)
		return LANE_OK;
	/* from headquarters, a version under this database's own id is another
	 * laptop with that id (import_version.c keeps it as a conflict) */
	if (f->sender_self || (f->origin_self && !f->sender_hq))
		return LANE_SELF;
	if (f->sender_hq || !r)
		return LANE_OK;
	if (r->hq_only)
		return LANE_HQ_ONLY;
	if (!same_group(f->row_group, f->sender_group))
		return f->row_group && *f->row_group ? LANE_GROUP : LANE_HQ_RECORD;
	if (f->local_group && !same_group(f->local_group, f->sender_group))
		return *f->local_group ? LANE_GROUP : LANE_HQ_RECORD;
	if (f->local_role_hq)
		return LANE_HQ_PERSON;
	if (f->row_role_hq)
		return LANE_ROLE_HQ;
	for (int i = 0; i < f->nactors; i++) {
		f->bad_actor = i;
		if (!f->actor_group[i]) {
			if (i == 0 && r->actor_required)
				return LANE_NO_ACTOR;
			continue;
		}
		if (f->actor_hq[i])
			return LANE_ACTOR_HQ;
		if (!same_group(f->actor_group[i], f->sender_group))
			return LANE_ACTOR_GROUP;
	}
	if (f->origin_other_lane)
		return LANE_ORIGIN;
	return LANE_OK;
}

/* ------------------------------------------------ the sender's lane */

/* The name of group uuid here into buf ("" if unknown): 1, 0, -1. */
static int group_name(importer *im, const char *uuid, char *buf, size_t size)
{
	sqlite3_stmt *s =
		fb_store_stmt(im->st, "SELECT name FROM work_groups WHERE uuid = ?1", &im->fatal);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, &im->fatal);
	buf[0] = 0;
	if (rc == 1)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc;
}

/* The lane as people read it: 第一工作组, or headquarters. */
static const char *lane_name(importer *im)
{
	return im->sender.is_hq ? _("headquarters") : im->lane.group_name;
}

/* One integer of an SQL query with one text parameter (0 if no row). */
static int64_t query_int(importer *im, const char *sql, const char *arg, int *rc)
{
	sqlite3_stmt *s = fb_store_stmt(im->st, sql, &im->fatal);
	if (!s) {
		*rc = -1;
		return 0;
	}
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	*rc = fb_store_step(im->st, s, &im->fatal);
	int64_t v = *rc == 1 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return v;
}

/* The devices row of the sender, into the lane. 1 found, 0 none, -1. */
static int load_device(importer *im, char *group, int *is_hq)
{
	sqlite3_stmt *s = fb_store_stmt(im->st,
	                                "SELECT group_uuid, is_hq, max_rev, max_seen, "
	                                "last_bundle_at, clone_suspected FROM devices "
	                                "WHERE device = ?1",
	                                &im->fatal);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, im->sender.device, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, &im->fatal);
	if (rc == 1) {
		snprintf(group, 37, "%s", (const char *)sqlite3_column_text(s, 0));
		*is_hq = sqlite3_column_int(s, 1);
		im->lane.dev_max_rev = sqlite3_column_int64(s, 2);
		im->lane.dev_max_seen = sqlite3_column_int64(s, 3);
		snprintf(im->lane.dev_last_at, sizeof im->lane.dev_last_at, "%s",
		         (const char *)sqlite3_column_text(s, 4));
		im->lane.clone = sqlite3_column_int(s, 5);
		if (im->lane.clone) {
			im->sum->clone_suspected = 1;
			snprintf(im->sum->clone_note, sizeof im->sum->clone_note, "%s",
			         _("flagged by an earlier bundle"));
		}
	}
	sqlite3_reset(s);
	return rc;
}

fb_status imp_lanes_begin(importer *im, fb_error *err)
{
	imp_lanes *ln = &im->lane;
	struct imp_sender *sd = &im->sender;
	memset(ln, 0, sizeof *ln);
	if (im->bare)
		return FB_OK; /* a lone CSV is an edit made here (its rows are not another's) */
	ln->on = 1;
	im->sum->sender_hq = sd->is_hq;
	ln->seen_self = fb_manifest_seen_rev(im->m, sd->device);
	if (!sd->is_hq) {
		if (group_name(im, sd->group, ln->group_name, sizeof ln->group_name) < 0)
			return *err = im->fatal, err->code;
		if (!ln->group_name[0])
			snprintf(ln->group_name, sizeof ln->group_name, "%s",
			         im->m->source_group_name);
	}
	if (!strcmp(sd->device, fb_store_device(im->st))) {
		ln->self = 1; /* its own bundle back, or one that says so */
		return FB_OK;
	}
	char group[37] = "";
	int was_hq = 0, rc = load_device(im, group, &was_hq);
	if (rc < 0)
		return *err = im->fatal, err->code;
	ln->known = rc == 1;
	if (ln->known && (was_hq != sd->is_hq || (!sd->is_hq && strcasecmp(group, sd->group)))) {
		char before[128] = "";
		if (!was_hq && group_name(im, group, before, sizeof before) < 0)
			return *err = im->fatal, err->code;
		return imp_bundle_err(
			err, FB_MANIFEST_NAME,
			_("source_group: device %s sent bundles for %s before, this one "
		          "claims %s: refused"),
			sd->device,
			was_hq      ? _("headquarters")
			: before[0] ? before
				    : group,
			lane_name(im));
	}
	if (!ln->known && sd->is_hq && !sd->verified) {
		/* headquarters is trusted on first sight only by a database that knows
		 * no device yet (neither headquarters' nor a station's, which only
		 * headquarters receives) and keeps at most one group: a station */
		int64_t known = query_int(im, "SELECT count(*) FROM devices", NULL, &rc);
		int64_t groups = rc < 0 ? 0
		                        : query_int(im,
		                                    "SELECT count(*) FROM work_groups WHERE "
		                                    "deleted = 0",
		                                    NULL, &rc);
		if (rc < 0)
			return *err = im->fatal, err->code;
		if (known || groups > 1)
			return imp_bundle_err(
				err, FB_MANIFEST_NAME,
				_("source_device: %s claims to send for headquarters, but this "
			          "database does not know it as a device of headquarters: "
			          "refused"),
				sd->device);
	}
	return FB_OK;
}

/* ------------------------------------------------------- one row */

/* The group uuid ("" none) of record id of table (via its group_id) into
 * group; for people whether they are headquarters staff and their name.
 * 1, 0 if there is no such record, -1 on error. */
static int record_group(importer *im, const char *table, int64_t id, char *group, int *hq,
                        char *name, size_t nsize)
{
	char sql[200];
	int people = !strcmp(table, "people");
	snprintf(sql, sizeof sql,
	         "SELECT coalesce(g.uuid, ''), %s FROM %s t LEFT JOIN work_groups g "
	         "ON g.id = t.group_id WHERE t.id = ?1",
	         people ? "t.role = 'hq', t.name" : "0, ''", table);
	sqlite3_stmt *s = fb_store_stmt(im->st, sql, &im->fatal);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = fb_store_step(im->st, s, &im->fatal);
	if (rc == 1) {
		snprintf(group, 37, "%s", (const char *)sqlite3_column_text(s, 0));
		*hq = sqlite3_column_int(s, 1);
		if (name)
			snprintf(name, nsize, "%s", (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	return rc;
}

/* The uuid of work group id into uuid: 0, or -1 on error. */
static int group_uuid(importer *im, int64_t id, char uuid[37])
{
	sqlite3_stmt *s =
		fb_store_stmt(im->st, "SELECT uuid FROM work_groups WHERE id = ?1", &im->fatal);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = fb_store_step(im->st, s, &im->fatal);
	if (rc == 1)
		snprintf(uuid, 37, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc < 0 ? -1 : 0;
}

/* The column of the current table named csv, or -1. */
static int column(const importer *im, const char *csv)
{
	for (int j = 0; csv && j < im->t->ncols; j++)
		if (!strcmp(im->t->cols[j].csv, csv))
			return j;
	return -1;
}

/* The lane of the row's origin: 1 if it is a known device of another lane
 * than the sender's, 0 if not, -1 on error. */
static int origin_other_lane(importer *im, const char *origin)
{
	imp_lanes *ln = &im->lane;
	if (!strcmp(origin, im->sender.device))
		return 0;
	if (ln->last_origin[0] && !strcmp(origin, ln->last_origin))
		return ln->last_other; /* rows come grouped by origin */
	sqlite3_stmt *s = fb_store_stmt(im->st,
	                                "SELECT group_uuid, is_hq FROM devices WHERE "
	                                "device = ?1",
	                                &im->fatal);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, origin, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, &im->fatal), other = 0;
	if (rc == 1)
		other = sqlite3_column_int(s, 1) != im->sender.is_hq ||
		        (!im->sender.is_hq &&
		         strcasecmp((const char *)sqlite3_column_text(s, 0), im->sender.group));
	sqlite3_reset(s);
	if (rc < 0)
		return -1;
	snprintf(ln->last_origin, sizeof ln->last_origin, "%s", origin);
	ln->last_other = other;
	return other;
}

/* Refuse the row for why, in words. */
static void refuse(importer *im, const imp_lane_facts *f, imp_lane_why why, int col, const char *actor)
{
	char g[128] = "";
	const char *from = lane_name(im);
	switch (why) {
	case LANE_SELF:
		if (im->lane.self)
			imp_reject(im, -1,
			           _("the bundle says it comes from this database, which does "
			             "not hold this version: refused"));
		else
			imp_reject(im, column(im, "origin"),
			           _("claims to be a change made by this "
			             "database, which never made it"));
		break;
	case LANE_HQ_ONLY:
		imp_reject(im, -1, _("only headquarters may set %s, the bundle comes from %s"),
		           _(im->t->label), from);
		break;
	case LANE_GROUP:
	case LANE_HQ_RECORD: {
		const char *grp =
			f->row_group && *f->row_group && !same_group(f->row_group, f->sender_group)
				? f->row_group
				: f->local_group;
		if (why == LANE_GROUP && group_name(im, grp, g, sizeof g) < 0)
			return;
		if (why == LANE_HQ_RECORD)
			imp_reject(im, -1,
			           _("this record belongs to headquarters, the bundle comes "
			             "from %s"),
			           from);
		else
			imp_reject(im, -1, _("this record belongs to %s, the bundle comes from %s"),
			           g[0] ? g : grp, from);
		break;
	}
	case LANE_ROLE_HQ:
		imp_reject(im, column(im, "role"),
		           _("only headquarters may make someone headquarters "
		             "staff, the bundle comes from %s"),
		           from);
		break;
	case LANE_HQ_PERSON:
		imp_reject(im, -1,
		           _("this person is headquarters staff: only headquarters may change "
		             "them, the bundle comes from %s"),
		           from);
		break;
	case LANE_NO_ACTOR:
		imp_reject(im, col,
		           _("a step without the person who took it is accepted only from "
		             "headquarters, the bundle comes from %s"),
		           from);
		break;
	case LANE_ACTOR_HQ:
		imp_reject(im, col,
		           _("%s is headquarters staff: what headquarters does is accepted "
		             "only from headquarters, the bundle comes from %s"),
		           actor, from);
		break;
	case LANE_ACTOR_GROUP:
		imp_reject(im, col, _("%s is not a member of %s, which sent the bundle"), actor,
		           from);
		break;
	case LANE_ORIGIN:
		imp_reject(im, column(im, "origin"),
		           _("a change made by device %s, of another lane, "
		             "cannot travel in a bundle from %s"),
		           im->row.origin, from);
		break;
	default: break;
	}
}

int imp_lane_check(importer *im, imp_row *rw, const imp_local *loc, int *in_lane)
{
	*in_lane = 1;
	if (!im->lane.on)
		return 0;
	int changes = imp_would_change(im, rw, loc);
	if (changes < 0)
		return -1;
	imp_lane_facts f = {.rule = imp_lane_rule_of(im->t->name),
	                    .sender_hq = im->sender.is_hq,
	                    .sender_group = im->sender.group,
	                    .changes = changes};
	int other = origin_other_lane(im, rw->origin);
	if (other < 0)
		return -1;
	/* a copy relayed from another lane updates nothing, nor what was seen */
	*in_lane = !other;
	if (!changes)
		return 0;
	f.sender_self = im->lane.self;
	f.origin_self = !strcmp(rw->origin, fb_store_device(im->st));
	f.origin_other_lane = other;
	const imp_lane_rule *r = f.rule;
	char row_group[37] = "", local_group[37] = "", names[IMP_LANE_ACTORS][37];
	char who[IMP_LANE_ACTORS][128];
	int hq = 0;
	if (!f.sender_hq && r && !r->hq_only) {
		int j = column(im, r->group_col ? r->group_col : r->via_ticket);
		if (r->own_group)
			snprintf(row_group, sizeof row_group, "%s", rw->uuid);
		else if (j >= 0 && r->group_text)
			snprintf(row_group, sizeof row_group, "%s", rw->val[j]);
		else if (j >= 0 && rw->num[j] && r->via_ticket &&
		         record_group(im, !strcmp(r->via_ticket, "log_uuid") ? "logs" : "tickets",
		                      rw->num[j], row_group, &hq, NULL, 0) < 0)
			return -1;
		else if (j >= 0 && rw->num[j] && !r->via_ticket &&
		         group_uuid(im, rw->num[j], row_group) < 0)
			return -1;
		f.row_group = row_group;
		if (loc && !r->own_group && !r->via_ticket && !r->group_text) {
			int rc = record_group(im, im->t->name, loc->id, local_group,
			                      &f.local_role_hq, NULL, 0);
			if (rc < 0)
				return -1;
			if (rc)
				f.local_group = local_group;
		} else if (loc && r->own_group) {
			f.local_group = row_group;
		}
		int rj = column(im, "role");
		f.row_role_hq = r->roles && rj >= 0 && !strcmp(rw->val[rj], "hq");
		for (int i = 0; i < IMP_LANE_ACTORS && r->actors[i]; i++) {
			int aj = column(im, r->actors[i]);
			f.nactors = i + 1;
			f.actor_group[i] = NULL;
			who[i][0] = names[i][0] = 0;
			if (aj < 0 || !rw->num[aj])
				continue;
			if (record_group(im, "people", rw->num[aj], names[i], &f.actor_hq[i],
			                 who[i], sizeof who[i]) < 0)
				return -1;
			f.actor_group[i] = names[i];
		}
	}
	imp_lane_why why = imp_lane_decide(&f);
	if (why == LANE_OK)
		return 0;
	int col = f.nactors ? column(im, r->actors[f.bad_actor]) : -1;
	refuse(im, &f, why, col, f.nactors ? who[f.bad_actor] : "");
	return im->fatal.code ? -1 : 1;
}
