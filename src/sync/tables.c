/* tables.c - the column description of every table a bundle carries. */
#include <string.h>

#include "fieldbook/i18n.h"
#include "sync.h"
#include "tables.h"

#define SYNC_COLS                                                          \
	{"origin", "origin", C_ORIGIN, 0, 0}, {"rev", "rev", C_REV, 0, 0}, \
		{"updated_at", "updated_at", C_UPDATED, 0, 0},             \
	{                                                                  \
		"deleted", "deleted", C_DELETED, 0, 0                      \
	}

static const fb_sync_col groups[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"name", "name", C_TEXT, F_REQ | F_LINE, 0},
	{"station", "station", C_TEXT, F_LINE, 0},
	{"station_kind", "station_kind", C_CAT, 0, "station_kind"},
	{"county", "county", C_TEXT, F_LINE, 0},
	{"supervisor", "supervisor", C_TEXT, F_LINE, 0},
	{"started_on", "started_on", C_DATE, F_OPT, 0},
	{"ends_on", "ends_on", C_DATE, F_OPT, 0},
	SYNC_COLS,
};

static const fb_sync_col people[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, F_OPT, "work_groups"},
	{"name", "name", C_TEXT, F_REQ | F_LINE, 0},
	{"role", "role", C_CAT, 0, "role"},
	{"unit", "unit", C_TEXT, F_LINE, 0},
	{"phone", "phone", C_TEXT, F_LINE | F_DIGITS, 0},
	{"joined_on", "joined_on", C_DATE, F_OPT | F_LATER, 0}, /* migration 005 */
	SYNC_COLS,
};

static const fb_sync_col logs[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"author_uuid", "author_id", C_REF, 0, "people"},
	{"date", "date", C_DATE, 0, 0},
	{"unit", "unit", C_TEXT, F_REQ | F_LINE, 0},
	{"activity", "activity", C_CAT, 0, "activity"},
	{"enterprise_kinds", "enterprise_kinds", C_INT, 0, 0},
	{"worker_kinds", "worker_kinds", C_INT, 0, 0},
	{"enterprises", "enterprises", C_INT, 0, 0},
	{"workers", "workers", C_INT, 0, 0},
	{"households", "households", C_INT, 0, 0},
	{"content", "content", C_TEXT, F_REQ, 0},
	{"findings", "findings", C_TEXT, 0, 0},
	{"actions", "actions", C_TEXT, 0, 0},
	{"next_step", "next_step", C_TEXT, 0, 0},
	SYNC_COLS,
};

static const fb_sync_col contacts[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"log_uuid", "log_id", C_REF, F_OPT, "logs"},
	{"kind", "kind", C_CAT, 0, "contact_kind"},
	{"name", "name", C_TEXT, F_REQ | F_LINE | F_SEALED, 0},
	{"org", "org", C_TEXT, F_LINE, 0},
	{"subkind", "subkind", C_CODE, 0, 0},
	{"phone", "phone", C_TEXT, F_LINE | F_DIGITS | F_SEALED, 0},
	{"id_number", "id_number", C_TEXT, F_LINE | F_DIGITS | F_SEALED, 0},
	{"note", "note", C_TEXT, 0, 0},
	{"met_on", "met_on", C_DATE, F_OPT, 0},
	SYNC_COLS,
};

static const fb_sync_col reports[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"kind", "kind", C_CODE, 0, 0},
	{"period_start", "period_start", C_DATE, 0, 0},
	{"period_end", "period_end", C_DATE, 0, 0},
	{"period_label", "period_label", C_CODE, 0, 0},
	{"revision_no", "revision_no", C_INT, 0, 0},
	{"status", "status", C_CODE, 0, 0},
	{"author_uuid", "author_id", C_REF, F_OPT, "people"},
	{"work_done", "work_done", C_TEXT, 0, 0},
	{"research", "research", C_TEXT, 0, 0},
	{"problems", "problems", C_TEXT, 0, 0},
	{"next_plan", "next_plan", C_TEXT, 0, 0},
	{"figures", "figures", C_TEXT, 0, 0},
	{"submitted_at", "submitted_at", C_TIME, F_OPT, 0},
	SYNC_COLS,
};

static const fb_sync_col tickets[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"log_uuid", "log_id", C_REF, F_OPT, "logs"},
	{"opened_by_uuid", "opened_by", C_REF, 0, "people"},
	{"owner_uuid", "owner_id", C_REF, F_OPT, "people"},
	{"opened_on", "opened_on", C_DATE, 0, 0},
	{"due_on", "due_on", C_DATE, 0, 0},
	{"title", "title", C_TEXT, F_REQ | F_LINE, 0},
	{"description", "description", C_TEXT, F_REQ, 0},
	{"unit", "unit", C_TEXT, F_LINE, 0},
	{"raised_by", "raised_by", C_TEXT, F_LINE | F_SEALED, 0},
	{"category", "category", C_CAT, 0, "problem"},
	{"routing", "routing", C_CAT, 0, "routing"},
	{"status", "status", C_CAT, 0, "ticket_status"},
	SYNC_COLS,
};

static const fb_sync_col events[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"ticket_uuid", "ticket_id", C_REF, 0, "tickets"},
	{"kind", "kind", C_CAT, 0, "ticket_event"},
	{"actor_uuid", "actor_id", C_REF, F_OPT, "people"},
	{"at", "at", C_TIME, 0, 0},
	{"body", "body", C_TEXT, 0, 0},
	{"dept", "dept", C_TEXT, F_LINE, 0},
	{"routing", "routing", C_CAT, F_OPT, "routing"},
	{"status_after", "status_after", C_CAT, 0, "ticket_status"},
	{"origin", "origin", C_ORIGIN, 0, 0},
	{"rev", "rev", C_REV, 0, 0},
};

static const fb_sync_col targets[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"scope", "scope", C_CODE, 0, 0},
	{"metric", "metric", C_CODE, 0, 0},
	{"period", "period", C_CODE, 0, 0},
	{"group_uuid", "group_id", C_REF, F_OPT, "work_groups"},
	{"value", "value", C_INT, 0, 0},
	{"note", "note", C_TEXT, F_LINE, 0},
	SYNC_COLS,
};

static const fb_sync_col calendar_days[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"first_day", "first_day", C_DATE, 0, 0},
	{"last_day", "last_day", C_DATE, 0, 0},
	{"kind", "kind", C_CODE, 0, 0},
	{"name", "name", C_TEXT, F_REQ | F_LINE, 0},
	SYNC_COLS,
};

static const fb_sync_col schedule[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"code", "code", C_CODE, 0, 0},
	{"title", "title", C_TEXT, F_REQ | F_LINE, 0},
	{"writer", "writer", C_CODE, 0, 0},
	{"period", "period", C_CODE, 0, 0},
	{"due_rule", "due_rule", C_CODE, 0, 0},
	{"report_kind", "report_kind", C_CODE, F_OPT, 0},
	{"circular", "circular", C_TEXT, F_LINE, 0},
	{"sort", "sort", C_INT, 0, 0},
	SYNC_COLS,
};

static const fb_sync_col leave[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"person_uuid", "person_id", C_REF, 0, "people"},
	{"first_day", "first_day", C_DATE, 0, 0},
	{"last_day", "last_day", C_DATE, 0, 0},
	{"reason", "reason", C_TEXT, F_LINE, 0},
	{"recorded_by_uuid", "recorded_by", C_REF, F_OPT, "people"},
	SYNC_COLS,
};

static const fb_sync_col reviews[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"report_uuid", "report_id", C_REF, 0, "reports"},
	{"decision", "decision", C_CODE, 0, 0},
	{"body", "body", C_TEXT, 0, 0},
	{"reviewer_uuid", "reviewer_id", C_REF, F_OPT, "people"},
	{"at", "at", C_TIME, 0, 0},
	{"origin", "origin", C_ORIGIN, 0, 0},
	{"rev", "rev", C_REV, 0, 0},
};

/* The contact ledger (migration 013). A unit's name key is derived on
 * arrival (a trigger), never sent; log_units' and log_workers' copies of
 * the log's group, author and date likewise; tickets.sheet_id follows
 * contact_sheets.ticket_uuid. */
static const fb_sync_col units[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"kind", "kind", C_CAT, 0, "contact_kind"},
	{"name", "name", C_TEXT, F_REQ | F_LINE, 0},
	{"enterprise_kinds", "enterprise_kinds", C_INT, 0, 0},
	{"ownership", "ownership", C_CAT, F_OPT, "ownership"},
	{"sector", "sector", C_TEXT, F_LINE, 0},
	{"headcount", "headcount", C_INT, 0, 0},
	{"address", "address", C_TEXT, F_LINE, 0},
	{"has_union", "has_union", C_CODE, 0, 0},
	{"contact_person", "contact_person", C_TEXT, F_LINE | F_SEALED, 0},
	{"contact_phone", "contact_phone", C_TEXT, F_LINE | F_DIGITS | F_SEALED, 0},
	{"note", "note", C_TEXT, 0, 0},
	{"merged_into_uuid", "merged_into", C_REF, F_OPT, "units"},
	SYNC_COLS,
};

static const fb_sync_col workers[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"unit_uuid", "unit_id", C_REF, F_OPT, "units"},
	{"name", "name", C_TEXT, F_REQ | F_LINE | F_SEALED, 0},
	{"phone", "phone", C_TEXT, F_LINE | F_DIGITS | F_SEALED, 0},
	{"id_number", "id_number", C_TEXT, F_LINE | F_DIGITS | F_SEALED, 0},
	{"worker_kinds", "worker_kinds", C_INT, 0, 0},
	{"raised", "raised", C_TEXT, F_SEALED, 0},
	SYNC_COLS,
};

static const fb_sync_col log_units[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"log_uuid", "log_id", C_REF, 0, "logs"},
	{"unit_uuid", "unit_id", C_REF, 0, "units"},
	{"mode", "mode", C_CAT, 0, "contact_mode"},
	SYNC_COLS,
};

static const fb_sync_col log_workers[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"log_uuid", "log_id", C_REF, 0, "logs"},
	{"worker_uuid", "worker_id", C_REF, 0, "workers"},
	SYNC_COLS,
};

static const fb_sync_col sheets[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"unit_uuid", "unit_id", C_REF, 0, "units"},
	{"author_uuid", "author_id", C_REF, 0, "people"},
	{"log_uuid", "log_id", C_REF, F_OPT, "logs"},
	{"date", "date", C_DATE, 0, 0},
	{"mode", "mode", C_CAT, 0, "contact_mode"},
	{"met_with", "met_with", C_TEXT, F_LINE | F_SEALED, 0},
	{"content", "content", C_TEXT, F_REQ, 0},
	{"opinions", "opinions", C_TEXT, 0, 0},
	{"problem", "problem", C_TEXT, 0, 0},
	{"beyond", "beyond", C_INT, 0, 0},
	{"handed_to", "handed_to", C_TEXT, F_LINE, 0},
	{"feedback", "feedback", C_TEXT, 0, 0},
	{"ticket_uuid", "ticket_id", C_REF, F_OPT, "tickets"},
	{"filed_by_uuid", "filed_by", C_REF, F_OPT, "people"},
	{"filed_on", "filed_on", C_DATE, F_OPT, 0},
	SYNC_COLS,
};

/* Contact points, research topics, pairings (migration 019). Topics are
 * HQ's and go to every group; pairings and their visits are HQ's and go to
 * the group of their county union. The liaison's name and phone are
 * personal (sealed at rest). */
static const fb_sync_col topics[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"year", "year", C_INT, 0, 0},
	{"title", "title", C_TEXT, F_REQ | F_LINE, 0},
	{"description", "description", C_TEXT, 0, 0},
	{"published_by_uuid", "published_by", C_REF, F_OPT, "people"},
	SYNC_COLS,
};

static const fb_sync_col points[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"unit_uuid", "unit_id", C_REF, 0, "units"},
	{"since", "since", C_DATE, 0, 0},
	{"liaison_name", "liaison_name", C_TEXT, F_LINE | F_SEALED, 0},
	{"liaison_phone", "liaison_phone", C_TEXT, F_LINE | F_DIGITS | F_SEALED, 0},
	{"leader_uuid", "leader_id", C_REF, F_OPT, "people"},
	{"note", "note", C_TEXT, 0, 0},
	SYNC_COLS,
};

static const fb_sync_col point_topics[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"point_uuid", "point_id", C_REF, 0, "contact_points"},
	{"topic_uuid", "topic_id", C_REF, 0, "research_topics"},
	SYNC_COLS,
};

static const fb_sync_col pairings[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"leader_uuid", "leader_id", C_REF, 0, "people"},
	{"unit_uuid", "unit_id", C_REF, 0, "units"},
	{"since", "since", C_DATE, 0, 0},
	{"note", "note", C_TEXT, 0, 0},
	SYNC_COLS,
};

static const fb_sync_col pairing_visits[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"group_uuid", "group_id", C_REF, 0, "work_groups"},
	{"pairing_uuid", "pairing_id", C_REF, 0, "pairings"},
	{"date", "date", C_DATE, 0, 0},
	{"mode", "mode", C_CAT, 0, "contact_mode"},
	{"note", "note", C_TEXT, 0, 0},
	SYNC_COLS,
};

/* The history (assets/sql/009_history.sql): entries travel as they were
 * written, every cell part of the entry's hash. */
static const fb_sync_col history[] = {
	{"uuid", "uuid", C_UUID, 0, 0},
	{"device", "device", C_ORIGIN, 0, 0},
	{"seq", "seq", C_INT, 0, 0},
	{"rev", "rev", C_REV, 0, 0},
	{"at", "at", C_TIME, 0, 0},
	{"actor_uuid", "actor_uuid", C_TEXT, F_LINE, 0},
	{"actor_name", "actor_name", C_TEXT, F_LINE, 0},
	{"group_uuid", "group_uuid", C_TEXT, F_LINE, 0},
	{"table", "tbl", C_CODE, 0, 0},
	{"record_uuid", "record_uuid", C_TEXT, F_LINE, 0},
	{"op", "op", C_CODE, 0, 0},
	{"field", "field", C_CODE, 0, 0},
	{"old_value", "old_value", C_TEXT, 0, 0},
	{"new_value", "new_value", C_TEXT, 0, 0},
	{"prev_hash", "prev_hash", C_CODE, 0, 0},
	{"hash", "hash", C_CODE, 0, 0},
};

/* Rows written here (edited, or imported) after change ?1 - the local change
 * sequence (migration 015), not the revision: a row relayed from another
 * device keeps its old revision but has a new chg. Tickets changed, or with
 * new events, since ?1: */
#define TICKETS_SINCE "(t.chg > ?1 OR t.id IN (SELECT ticket_id FROM ticket_events WHERE chg > ?1))"

#define T(name, file, label, cols, ao, since, group)                                    \
	{                                                                               \
		name, file, label, cols, sizeof cols / sizeof cols[0], ao, since, group \
	}
#define OF_GROUP "t.group_id = ?2"
#define OF_GROUP_OR_ALL "(t.group_id = ?2 OR t.group_id IS NULL)"
const fb_sync_table fb_sync_tables[] = {
	/* the roster is small: always sent whole, every reference resolves */
	T("work_groups", "work_groups.csv", N_("Work groups"), groups, 0, "1", "t.id = ?2"),
	T("people", "people.csv", N_("People"), people, 0, "1", OF_GROUP_OR_ALL),
	T("logs", "logs.csv", N_("Daily logs"), logs, 0,
          "(t.chg > ?1 OR t.id IN (SELECT log_id FROM contacts WHERE chg > ?1) OR t.id IN "
          "(SELECT t.log_id FROM tickets t WHERE " TICKETS_SINCE ") OR t.id IN (SELECT log_id "
          "FROM log_units WHERE chg > ?1) OR t.id IN (SELECT log_id FROM log_workers WHERE chg > "
          "?1) "
          "OR t.id IN (SELECT log_id FROM contact_sheets WHERE chg > ?1))",
          OF_GROUP),
	T("contacts", "contacts.csv", N_("Contact records"), contacts, 0, "t.chg > ?1", OF_GROUP),
	T("reports", "reports.csv", N_("Reports"), reports, 0, "t.chg > ?1", OF_GROUP),
	T("tickets", "tickets.csv", N_("Problem tickets"), tickets, 0, TICKETS_SINCE, OF_GROUP),
	T("ticket_events", "ticket_events.csv", N_("Ticket history"), events, 1, "t.chg > ?1",
          "t.ticket_id IN (SELECT id FROM tickets WHERE group_id = ?2)"),
	T("targets", "targets.csv", N_("Targets"), targets, 0, "t.chg > ?1", OF_GROUP_OR_ALL),
	/* the reporting calendar (014): HQ's holidays and schedule go to every group */
	T("calendar_days", "calendar_days.csv", N_("Holidays and make-up working days"),
          calendar_days, 0, "t.chg > ?1", "1"),
	T("report_schedule", "report_schedule.csv", N_("Schedule of reports"), schedule, 0,
          "t.chg > ?1", "1"),
	T("leave", "leave.csv", N_("Leave"), leave, 0, "t.chg > ?1", OF_GROUP),
	T("report_reviews", "report_reviews.csv", N_("Reviews of reports"), reviews, 1,
          "t.chg > ?1", "t.report_id IN (SELECT id FROM reports WHERE group_id = ?2)"),
	/* the ledger: units before what refers to them; a unit merged into
	 * another is sent with it */
	T("units", "units.csv", N_("Units met"), units, 0,
          "(t.chg > ?1 OR t.id IN (SELECT unit_id FROM log_units WHERE chg > ?1) OR t.id IN "
          "(SELECT unit_id FROM workers WHERE chg > ?1) OR t.id IN (SELECT unit_id FROM "
          "contact_sheets WHERE chg > ?1) OR t.id IN (SELECT merged_into FROM units WHERE chg > "
          "?1) OR t.id IN (SELECT unit_id FROM contact_points WHERE chg > ?1) OR t.id IN "
          "(SELECT unit_id FROM pairings WHERE chg > ?1))",
          OF_GROUP),
	T("workers", "workers.csv", N_("Workers met"), workers, 0,
          "(t.chg > ?1 OR t.id IN (SELECT worker_id FROM log_workers WHERE chg > ?1))", OF_GROUP),
	T("log_units", "log_units.csv", N_("Units visited by daily logs"), log_units, 0,
          "t.chg > ?1", "t.log_id IN (SELECT id FROM logs WHERE group_id = ?2)"),
	T("log_workers", "log_workers.csv", N_("Workers met in daily logs"), log_workers, 0,
          "t.chg > ?1", "t.log_id IN (SELECT id FROM logs WHERE group_id = ?2)"),
	T("contact_sheets", "contact_sheets.csv", N_("Contact record sheets"), sheets, 0,
          "t.chg > ?1", OF_GROUP),
	/* contact points and pairings (019): topics before the points taking
	 * them up, pairings before their visits */
	T("research_topics", "research_topics.csv", N_("Research topics"), topics, 0, "t.chg > ?1",
          "1"),
	T("contact_points", "contact_points.csv", N_("Contact points"), points, 0,
          "(t.chg > ?1 OR t.id IN (SELECT point_id FROM point_topics WHERE chg > ?1))", OF_GROUP),
	T("point_topics", "point_topics.csv", N_("Research topics taken up"), point_topics, 0,
          "t.chg > ?1", OF_GROUP),
	T("pairings", "pairings.csv", N_("Leader and county union pairings"), pairings, 0,
          "(t.chg > ?1 OR t.id IN (SELECT pairing_id FROM pairing_visits WHERE chg > ?1))", OF_GROUP),
	T("pairing_visits", "pairing_visits.csv", N_("Visits of pairings"), pairing_visits, 0,
          "t.chg > ?1", OF_GROUP),
	/* last: the chains are checked once every record is in (import_history.c) */
	T("history", "history.csv", N_("History"), history, 1, "t.chg > ?1", FB_SYNC_HISTORY_GROUP),
};
const int fb_sync_ntables = sizeof fb_sync_tables / sizeof fb_sync_tables[0];
