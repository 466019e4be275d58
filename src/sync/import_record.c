/* import_record.c - a bundle's row as the core's record, checked by the
 * core's validator of that record: the one set of rules (lengths, ranges,
 * single lines, codes, masks, dates, references) for the forms, the
 * command line and the importer alike. The importer adds no rule of its
 * own here; it only decodes.
 *
 * Each table has a map from its columns to the members of its record and
 * the names its validator gives the fields. A validator stops at the first
 * bad field; to list every bad column of a row, the failing field is then
 * given a value the rules accept (never written: the row is refused) and
 * the record checked again.
 *
 * Two choices for records from another device: names need not be unique
 * here (fb_group_check, fb_person_check: two stations may name their groups
 * alike), and an optional reference may point to a record deleted since (a
 * ticket keeps the log it came from). */
#include <limits.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "fieldbook/calendar.h"
#include "fieldbook/category.h"
#include "fieldbook/due.h"
#include "fieldbook/contact.h"
#include "fieldbook/group.h"
#include "fieldbook/history.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "fieldbook/sheet.h"
#include "fieldbook/point.h"
#include "fieldbook/unit.h"
#include "fieldbook/visit.h"
#include "fieldbook/worker.h"
#include "fieldbook/report.h"
#include "fieldbook/review.h"
#include "fieldbook/target.h"
#include "fieldbook/ticket.h"
#include "import.h"

typedef union rec {
	fb_group g;
	fb_person p;
	fb_log l;
	fb_contact c;
	fb_report r;
	fb_ticket t;
	fb_ticket_event e;
	fb_target tg;
	fb_calendar_entry cd;
	fb_schedule sc;
	fb_leave lv;
	fb_review rv;
	fb_unit u;
	fb_worker w;
	fb_visit_row v;
	fb_sheet sh;
	fb_topic tp;
	fb_point pt;
	fb_point_topic ptp;
	fb_pairing pr;
	fb_pairing_visit pv;
	fb_history_entry h;
} rec;

/* Member types. M_LINK: an optional link (int64 id) that may point to a
 * record deleted since (a ticket keeps the log it came from): the
 * validator, which wants live records for new links, sees none. */
enum { M_STR, M_DATE, M_ARR, M_I64, M_LINK, M_INT, M_U32, M_KIND, M_NONE };

typedef struct rec_field {
	const char *csv;   /* the column */
	const char *field; /* the name the validator gives it (NULL: the column's) */
	int type;
	size_t off, size; /* the member; its size for M_ARR */
} rec_field;

typedef struct rec_kind {
	const rec_field *f;
	int nf;
	fb_status (*validate)(importer *im, rec *r, fb_error *err);
} rec_kind;

#define M(type, member, csv, field, kind)                                             \
	{                                                                             \
		csv, field, kind, offsetof(type, member), sizeof(((type *)0)->member) \
	}

static const rec_field group_map[] = {
	M(fb_group, name, "name", NULL, M_STR),
	M(fb_group, station, "station", NULL, M_STR),
	M(fb_group, station_kind, "station_kind", NULL, M_STR),
	M(fb_group, county, "county", NULL, M_STR),
	M(fb_group, supervisor, "supervisor", NULL, M_STR),
	M(fb_group, started_on, "started_on", NULL, M_DATE),
	M(fb_group, ends_on, "ends_on", NULL, M_DATE),
	M(fb_group, deleted, "deleted", NULL, M_INT),
};

static const rec_field person_map[] = {
	M(fb_person, group_id, "group_uuid", "group", M_I64),
	M(fb_person, name, "name", NULL, M_STR),
	M(fb_person, role, "role", NULL, M_STR),
	M(fb_person, unit, "unit", NULL, M_STR),
	M(fb_person, phone, "phone", NULL, M_STR),
	M(fb_person, joined_on, "joined_on", NULL, M_DATE),
	M(fb_person, deleted, "deleted", NULL, M_INT),
};

static const rec_field log_map[] = {
	M(fb_log, group_id, "group_uuid", "group", M_I64),
	M(fb_log, author_id, "author_uuid", "author", M_I64),
	M(fb_log, date, "date", NULL, M_DATE),
	M(fb_log, unit, "unit", NULL, M_STR),
	M(fb_log, activity, "activity", NULL, M_STR),
	M(fb_log, enterprise_kinds, "enterprise_kinds", NULL, M_U32),
	M(fb_log, worker_kinds, "worker_kinds", NULL, M_U32),
	M(fb_log, enterprises, "enterprises", NULL, M_INT),
	M(fb_log, workers, "workers", NULL, M_INT),
	M(fb_log, households, "households", NULL, M_INT),
	M(fb_log, content, "content", NULL, M_STR),
	M(fb_log, findings, "findings", NULL, M_STR),
	M(fb_log, actions, "actions", NULL, M_STR),
	M(fb_log, next_step, "next_step", NULL, M_STR),
	M(fb_log, deleted, "deleted", NULL, M_INT),
};

static const rec_field contact_map[] = {
	M(fb_contact, group_id, "group_uuid", "group", M_I64),
	M(fb_contact, log_id, "log_uuid", "log", M_LINK),
	M(fb_contact, kind, "kind", NULL, M_STR),
	M(fb_contact, name, "name", NULL, M_STR),
	M(fb_contact, org, "org", NULL, M_STR),
	M(fb_contact, subkind, "subkind", NULL, M_STR),
	M(fb_contact, phone, "phone", NULL, M_STR),
	M(fb_contact, id_number, "id_number", NULL, M_STR),
	M(fb_contact, note, "note", NULL, M_STR),
	M(fb_contact, met_on, "met_on", NULL, M_DATE),
	M(fb_contact, deleted, "deleted", NULL, M_INT),
};

static const rec_field report_map[] = {
	M(fb_report, group_id, "group_uuid", "group", M_I64),
	M(fb_report, kind, "kind", NULL, M_KIND),
	M(fb_report, period.start, "period_start", NULL, M_ARR),
	M(fb_report, period.end, "period_end", NULL, M_ARR),
	M(fb_report, period.label, "period_label", NULL, M_ARR),
	M(fb_report, revision_no, "revision_no", NULL, M_INT),
	M(fb_report, status, "status", NULL, M_ARR),
	M(fb_report, author_id, "author_uuid", "author", M_LINK),
	M(fb_report, sections[FB_SEC_WORK_DONE], "work_done", NULL, M_STR),
	M(fb_report, sections[FB_SEC_RESEARCH], "research", NULL, M_STR),
	M(fb_report, sections[FB_SEC_PROBLEMS], "problems", NULL, M_STR),
	M(fb_report, sections[FB_SEC_NEXT_PLAN], "next_plan", NULL, M_STR),
	M(fb_report, submitted_at, "submitted_at", NULL, M_ARR),
	{"figures", NULL, M_NONE, 0, 0}, /* checked from the cell (check_report) */
};

static const rec_field ticket_map[] = {
	M(fb_ticket, group_id, "group_uuid", "group", M_I64),
	M(fb_ticket, log_id, "log_uuid", "log", M_LINK),
	M(fb_ticket, opened_by, "opened_by_uuid", "opened_by", M_I64),
	M(fb_ticket, owner_id, "owner_uuid", "owner", M_LINK),
	M(fb_ticket, opened_on, "opened_on", NULL, M_DATE),
	M(fb_ticket, due_on, "due_on", NULL, M_DATE),
	M(fb_ticket, title, "title", NULL, M_STR),
	M(fb_ticket, description, "description", NULL, M_STR),
	M(fb_ticket, unit, "unit", NULL, M_STR),
	M(fb_ticket, raised_by, "raised_by", NULL, M_STR),
	M(fb_ticket, category, "category", NULL, M_STR),
	M(fb_ticket, routing, "routing", NULL, M_STR),
	M(fb_ticket, status, "status", NULL, M_STR),
	M(fb_ticket, deleted, "deleted", NULL, M_INT),
};

static const rec_field event_map[] = {
	M(fb_ticket_event, ticket_id, "ticket_uuid", "ticket", M_I64),
	M(fb_ticket_event, kind, "kind", NULL, M_STR),
	M(fb_ticket_event, actor_id, "actor_uuid", "actor", M_LINK),
	M(fb_ticket_event, at, "at", NULL, M_STR),
	M(fb_ticket_event, body, "body", NULL, M_STR),
	M(fb_ticket_event, dept, "dept", NULL, M_STR),
	M(fb_ticket_event, routing, "routing", NULL, M_STR),
	M(fb_ticket_event, status_after, "status_after", NULL, M_STR),
};

static const rec_field target_map[] = {
	M(fb_target, scope, "scope", NULL, M_ARR),
	M(fb_target, metric, "metric", NULL, M_ARR),
	M(fb_target, period, "period", NULL, M_ARR),
	M(fb_target, group_id, "group_uuid", "group", M_I64),
	M(fb_target, value, "value", NULL, M_INT),
	M(fb_target, note, "note", NULL, M_ARR),
	M(fb_target, deleted, "deleted", NULL, M_INT),
};

static const rec_field calendar_map[] = {
	M(fb_calendar_entry, first_day, "first_day", NULL, M_ARR),
	M(fb_calendar_entry, last_day, "last_day", NULL, M_ARR),
	M(fb_calendar_entry, kind, "kind", NULL, M_ARR),
	M(fb_calendar_entry, name, "name", NULL, M_ARR),
};

static const rec_field schedule_map[] = {
	M(fb_schedule, code, "code", NULL, M_ARR),
	M(fb_schedule, title, "title", NULL, M_ARR),
	M(fb_schedule, writer, "writer", NULL, M_ARR),
	M(fb_schedule, period, "period", NULL, M_ARR),
	M(fb_schedule, due_rule, "due_rule", NULL, M_ARR),
	M(fb_schedule, report_kind, "report_kind", NULL, M_ARR),
	M(fb_schedule, circular, "circular", NULL, M_ARR),
	M(fb_schedule, sort, "sort", NULL, M_INT),
};

static const rec_field leave_map[] = {
	M(fb_leave, group_id, "group_uuid", "group", M_I64),
	M(fb_leave, person_id, "person_uuid", "person", M_I64),
	M(fb_leave, first_day, "first_day", NULL, M_ARR),
	M(fb_leave, last_day, "last_day", NULL, M_ARR),
	M(fb_leave, reason, "reason", NULL, M_ARR),
	M(fb_leave, recorded_by, "recorded_by_uuid", "recorded_by", M_LINK),
};

static const rec_field review_map[] = {
	M(fb_review, report_id, "report_uuid", "report", M_I64),
	M(fb_review, decision, "decision", NULL, M_ARR),
	M(fb_review, body, "body", NULL, M_STR),
	M(fb_review, reviewer_id, "reviewer_uuid", "reviewer", M_LINK),
	M(fb_review, rev, "rev", NULL, M_I64),
};

static const rec_field history_map[] = {
	M(fb_history_entry, uuid, "uuid", NULL, M_STR),
	M(fb_history_entry, device, "device", NULL, M_STR),
	M(fb_history_entry, seq, "seq", NULL, M_I64),
	M(fb_history_entry, rev, "rev", NULL, M_I64),
	M(fb_history_entry, at, "at", NULL, M_STR),
	M(fb_history_entry, actor_uuid, "actor_uuid", NULL, M_STR),
	M(fb_history_entry, actor_name, "actor_name", NULL, M_STR),
	M(fb_history_entry, group_uuid, "group_uuid", NULL, M_STR),
	M(fb_history_entry, table, "table", NULL, M_STR),
	M(fb_history_entry, record_uuid, "record_uuid", NULL, M_STR),
	M(fb_history_entry, op, "op", NULL, M_STR),
	M(fb_history_entry, field, "field", NULL, M_STR),
	M(fb_history_entry, old_value, "old_value", NULL, M_STR),
	M(fb_history_entry, new_value, "new_value", NULL, M_STR),
	M(fb_history_entry, prev_hash, "prev_hash", NULL, M_STR),
	M(fb_history_entry, hash, "hash", NULL, M_STR),
};

/* The value of column name in the row being read ("" if none). */
static const rec_field unit_map[] = {
	M(fb_unit, group_id, "group_uuid", "group", M_I64),
	M(fb_unit, kind, "kind", NULL, M_ARR),
	M(fb_unit, name, "name", NULL, M_STR),
	M(fb_unit, enterprise_kinds, "enterprise_kinds", NULL, M_U32),
	M(fb_unit, ownership, "ownership", NULL, M_ARR),
	M(fb_unit, sector, "sector", NULL, M_STR),
	M(fb_unit, headcount, "headcount", NULL, M_INT),
	M(fb_unit, address, "address", NULL, M_STR),
	M(fb_unit, has_union, "has_union", NULL, M_ARR),
	M(fb_unit, contact_person, "contact_person", NULL, M_STR),
	M(fb_unit, contact_phone, "contact_phone", NULL, M_STR),
	M(fb_unit, note, "note", NULL, M_STR),
};

static const rec_field worker_map[] = {
	M(fb_worker, group_id, "group_uuid", "group", M_I64),
	M(fb_worker, unit_id, "unit_uuid", "unit", M_LINK),
	M(fb_worker, name, "name", NULL, M_STR),
	M(fb_worker, phone, "phone", NULL, M_STR),
	M(fb_worker, id_number, "id_number", NULL, M_STR),
	M(fb_worker, worker_kinds, "worker_kinds", NULL, M_U32),
	M(fb_worker, raised, "raised", NULL, M_STR),
};

static const rec_field log_unit_map[] = {
	M(fb_visit_row, log_id, "log_uuid", "log", M_LINK),
	M(fb_visit_row, target_id, "unit_uuid", "unit", M_LINK),
	M(fb_visit_row, mode, "mode", NULL, M_STR),
	M(fb_visit_row, deleted, "deleted", NULL, M_INT),
};

static const rec_field log_worker_map[] = {
	M(fb_visit_row, log_id, "log_uuid", "log", M_LINK),
	M(fb_visit_row, target_id, "worker_uuid", "worker", M_LINK),
	M(fb_visit_row, deleted, "deleted", NULL, M_INT),
};

static const rec_field sheet_map[] = {
	M(fb_sheet, unit_id, "unit_uuid", "unit", M_I64),
	M(fb_sheet, author_id, "author_uuid", "author", M_I64),
	M(fb_sheet, log_id, "log_uuid", "log", M_LINK),
	M(fb_sheet, date, "date", NULL, M_ARR),
	M(fb_sheet, mode, "mode", NULL, M_ARR),
	M(fb_sheet, met_with, "met_with", NULL, M_STR),
	M(fb_sheet, content, "content", NULL, M_STR),
	M(fb_sheet, opinions, "opinions", NULL, M_STR),
	M(fb_sheet, problem, "problem", NULL, M_STR),
	M(fb_sheet, beyond, "beyond", NULL, M_INT),
	M(fb_sheet, handed_to, "handed_to", NULL, M_STR),
	M(fb_sheet, feedback, "feedback", NULL, M_STR),
	M(fb_sheet, rev, "rev", NULL, M_INT),
};

static const rec_field topic_map[] = {
	M(fb_topic, year, "year", NULL, M_INT),
	M(fb_topic, title, "title", NULL, M_STR),
	M(fb_topic, description, "description", NULL, M_STR),
};

static const rec_field point_map[] = {
	M(fb_point, unit_id, "unit_uuid", "unit", M_I64),
	M(fb_point, since, "since", NULL, M_ARR),
	M(fb_point, liaison_name, "liaison_name", NULL, M_STR),
	M(fb_point, liaison_phone, "liaison_phone", NULL, M_STR),
	M(fb_point, leader_id, "leader_uuid", "leader", M_LINK),
	M(fb_point, note, "note", NULL, M_STR),
};

static const rec_field point_topic_map[] = {
	M(fb_point_topic, group_id, "group_uuid", "group", M_I64),
	M(fb_point_topic, point_id, "point_uuid", "point", M_I64),
	M(fb_point_topic, topic_id, "topic_uuid", "topic", M_I64),
};

static const rec_field pairing_map[] = {
	M(fb_pairing, leader_id, "leader_uuid", "leader", M_I64),
	M(fb_pairing, unit_id, "unit_uuid", "unit", M_I64),
	M(fb_pairing, since, "since", NULL, M_ARR),
	M(fb_pairing, note, "note", NULL, M_STR),
};

static const rec_field pairing_visit_map[] = {
	M(fb_pairing_visit, pairing_id, "pairing_uuid", "pairing", M_I64),
	M(fb_pairing_visit, date, "date", NULL, M_ARR),
	M(fb_pairing_visit, mode, "mode", NULL, M_ARR),
	M(fb_pairing_visit, note, "note", NULL, M_STR),
};

static const char *cell(importer *im, const char *name)
{
	for (int j = 0; j < im->t->ncols; j++)
		if (!strcmp(im->t->cols[j].csv, name))
			return im->row.val[j] ? im->row.val[j] : "";
	return "";
}

static fb_status check_group(importer *im, rec *r, fb_error *err)
{
	return fb_group_check(im->st, &r->g, err);
}

static fb_status check_person(importer *im, rec *r, fb_error *err)
{
	return fb_person_check(im->st, &r->p, err);
}

static fb_status check_log(importer *im, rec *r, fb_error *err)
{
	return fb_log_validate(im->st, &r->l, err);
}

static fb_status check_contact(importer *im, rec *r, fb_error *err)
{
	return fb_contact_validate(im->st, &r->c, err);
}

static fb_status check_report(importer *im, rec *r, fb_error *err)
{
	fb_status s = fb_report_validate(im->st, &r->r, err);
	return s ? s
	         : fb_report_figures_check(cell(im, "figures"), !strcmp(r->r.status, "submitted"),
	                                   err);
}

/* A ticket's status is read only for the core's callers (events set it),
 * so fb_ticket_validate leaves it alone; in a bundle it is a stored code. */
static fb_status check_ticket(importer *im, rec *r, fb_error *err)
{
	fb_status s = fb_ticket_validate(im->st, &r->t, err);
	if (s == FB_OK && !fb_category_exists(im->st, FB_CAT_STATUS, r->t.status))
		s = fb_error_set(err, FB_EINVAL, "status", _("'%s' is not a ticket status"),
		                 r->t.status);
	return s;
}

static fb_status check_event(importer *im, rec *r, fb_error *err)
{
	return fb_ticket_event_validate(im->st, &r->e, err);
}

static fb_status check_target(importer *im, rec *r, fb_error *err)
{
	(void)im;
	return fb_target_validate(&r->tg, err);
}

static fb_status check_calendar(importer *im, rec *r, fb_error *err)
{
	(void)im;
	return fb_calendar_validate(&r->cd, err);
}

static fb_status check_schedule(importer *im, rec *r, fb_error *err)
{
	(void)im;
	return fb_schedule_validate(&r->sc, err);
}

/* A leave from another device: its people as they were then (rev). */
static fb_status check_leave(importer *im, rec *r, fb_error *err)
{
	return fb_leave_validate(im->st, &r->lv, strtoll(cell(im, "rev"), NULL, 10), err);
}

static fb_status check_review(importer *im, rec *r, fb_error *err)
{
	return fb_review_validate(im->st, &r->rv, err);
}

/* A unit from another device: a name like one here is not refused (two
 * stations may have met one unit: a leader merges them). */
static fb_status check_unit(importer *im, rec *r, fb_error *err)
{
	if (!r->u.has_union[0])
		snprintf(r->u.has_union, sizeof r->u.has_union, "unknown");
	return fb_unit_validate(im->st, &r->u, err);
}

static fb_status check_worker(importer *im, rec *r, fb_error *err)
{
	return fb_worker_validate(im->st, &r->w, err);
}

static fb_status check_log_unit(importer *im, rec *r, fb_error *err)
{
	return fb_visit_validate(im->st, &r->v, err);
}

static fb_status check_log_worker(importer *im, rec *r, fb_error *err)
{
	r->v.is_worker = 1;
	return fb_visit_validate(im->st, &r->v, err);
}

/* A sheet: its unit may have been merged away since (the link moves on
 * arrival), so the unit is checked as a reference only. */
static fb_status check_sheet(importer *im, rec *r, fb_error *err)
{
	return fb_sheet_validate(im->st, &r->sh, err);
}

/* An entry is what its hash says, and the same as this database's copy of
 * it, if it has one (import_history.c checks the links once all are in). */
static fb_status check_history(importer *im, rec *r, fb_error *err)
{
	fb_history_entry *e = &r->h;
	const char *s[] = {e->uuid,       e->device,     e->at,        e->actor_uuid,
	                   e->actor_name, e->group_uuid, e->table,     e->record_uuid,
	                   e->op,         e->field,      e->old_value, e->new_value,
	                   e->prev_hash,  e->hash};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (!s[i]) /* a member the neutral pass emptied: refused already */
			return FB_OK;
	fb_status st = fb_history_entry_check(e, err);
	return st ? st : imp_history_entry(im, e, err);
}

static fb_status check_topic(importer *im, rec *r, fb_error *err)
{
	return fb_topic_validate(im->st, &r->tp, err);
}

static fb_status check_point(importer *im, rec *r, fb_error *err)
{
	return fb_point_validate(im->st, &r->pt, err);
}

static fb_status check_point_topic(importer *im, rec *r, fb_error *err)
{
	return fb_point_topic_validate(im->st, &r->ptp, err);
}

static fb_status check_pairing(importer *im, rec *r, fb_error *err)
{
	return fb_pairing_validate(im->st, &r->pr, err);
}

static fb_status check_pairing_visit(importer *im, rec *r, fb_error *err)
{
	return fb_pairing_visit_validate(im->st, &r->pv, err);
}

#define KIND(map, fn)                               \
	{                                           \
		map, sizeof map / sizeof map[0], fn \
	}
/* In the order of fb_sync_tables. */
static const rec_kind kinds[] = {
	KIND(group_map, check_group),       KIND(person_map, check_person),
	KIND(log_map, check_log),           KIND(contact_map, check_contact),
	KIND(report_map, check_report),     KIND(ticket_map, check_ticket),
	KIND(event_map, check_event),       KIND(target_map, check_target),
	KIND(calendar_map, check_calendar), KIND(schedule_map, check_schedule),
	KIND(leave_map, check_leave),       KIND(review_map, check_review),
	KIND(unit_map, check_unit),         KIND(worker_map, check_worker),
	KIND(log_unit_map, check_log_unit), KIND(log_worker_map, check_log_worker),
	KIND(sheet_map, check_sheet),       KIND(topic_map, check_topic),
	KIND(point_map, check_point),       KIND(point_topic_map, check_point_topic),
	KIND(pairing_map, check_pairing),   KIND(pairing_visit_map, check_pairing_visit),
	KIND(history_map, check_history),
};
_Static_assert(sizeof kinds / sizeof kinds[0] == FB_SYNC_NTABLES, "one record kind a table");

void imp_record_columns(importer *im)
{
	const rec_kind *k = &kinds[im->tindex];
	for (int i = 0; i < k->nf; i++) {
		im->rec_col[i] = -1;
		for (int j = 0; j < im->t->ncols; j++)
			if (!strcmp(im->t->cols[j].csv, k->f[i].csv))
				im->rec_col[i] = j;
	}
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Set member f of r from column j of the row. A number too large for its
 * member becomes the largest it holds, which the validator refuses as out
 * of range (a mask: every bit, unknown kinds); a text too long for a fixed
 * member is refused here. 0, or 1 if refused. */
static int set_member(importer *im, rec *r, const rec_field *f, int j)
{
	char *m = (char *)r + f->off;
	const imp_row *rw = &im->row;
	int64_t v = rw->num[j];
	switch (f->type) {
	case M_STR:
	case M_DATE: *(const char **)m = rw->val[j]; break;
	case M_ARR:
		if (strlen(rw->val[j]) >= f->size) {
			imp_reject(im, j, _("is too long"));
			return 1;
		}
		strcpy(m, rw->val[j]);
		break;
	case M_I64: *(int64_t *)m = v; break;
	case M_LINK: *(int64_t *)m = rw->refdel[j] ? 0 : v; break;
	case M_INT: /* an int or an int64_t member: its size says which */
		if (f->size == sizeof(int64_t))
			*(int64_t *)m = v;
		else
			*(int *)m = (int)clamp(v, INT_MIN, INT_MAX);
		break;
	case M_U32: *(uint32_t *)m = v < 0 ? UINT32_MAX : (uint32_t)clamp(v, 0, UINT32_MAX); break;
	case M_KIND: {
		int k = fb_report_kind_parse(rw->val[j]);
		*(int *)m = k < 0 ? 99 : k; /* 99: no kind, which the validator refuses */
		break;
	}
	default: break;
	}
	return 0;
}

/* Give member f a value the rules accept, the step-th try: none, then a
 * harmless one. 0 when there is none left to try. */
static int neutral(rec *r, const rec_field *f, int step, const char *today)
{
	char *m = (char *)r + f->off;
	int tries = f->type == M_STR || f->type == M_DATE                      ? 2
	            : f->type == M_ARR || f->type == M_INT || f->type == M_U32 ? 1
	                                                                       : 0;
	if (step >= tries)
		return 0;
	switch (f->type) {
	case M_STR: *(const char **)m = step ? "x" : NULL; break;
	case M_DATE: *(const char **)m = step ? today : NULL; break;
	case M_ARR: m[0] = 0; break;
	case M_INT: memset(m, 0, f->size); break;
	case M_U32: *(uint32_t *)m = 0; break;
	default: break;
	}
	return 1;
}

/* The map entry a validator's field name is (-1: none). */
static int entry_of(const rec_kind *k, const char *field)
{
	for (int i = 0; i < k->nf; i++)
		if (!strcmp(field, k->f[i].field ? k->f[i].field : k->f[i].csv))
			return i;
	return -1;
}

int imp_check_record(importer *im, imp_row *rw)
{
	const rec_kind *k = &kinds[im->tindex];
	rec r;
	int step[IMP_MAXCOLS] = {0};
	const int *col = im->rec_col;
	const char *today = im->today;
	memset(&r, 0, sizeof r);
	for (int i = 0; i < k->nf; i++) {
		if (col[i] >= 0 && (rw->bad[col[i]] || set_member(im, &r, &k->f[i], col[i])))
			neutral(&r, &k->f[i], step[i]++, today); /* refused already: judge the rest */
	}
	for (int round = 0; round < 3 * k->nf; round++) {
		fb_error e = {0};
		fb_status s = k->validate(im, &r, &e);
		if (s == FB_OK)
			break;
		if (s != FB_EINVAL) {
			im->fatal = e;
			return -1;
		}
		int i = entry_of(k, e.field);
		if (i < 0 || col[i] < 0) {
			imp_reject(im, -1, "%s", e.msg);
			break;
		}
		imp_reject(im, col[i], "%s", e.msg);
		if (!neutral(&r, &k->f[i], step[i]++, today))
			break;
	}
	return 0;
}
