/* perm.h - who may do what: the rule set is data, checked by the core.
 *
 * The table `permissions` (assets/sql/008_auth.sql) says which role may do
 * which action on which records: their own, their work group's, or every
 * group's. Every mutating call of the core checks it against the store's
 * acting person (fb_store_actor, set by fb_auth_sign_in) and refuses with
 * FB_EPERM and a translated message that says who may (只有带队组长可以报送
 * 周报告). The front ends ask fb_perm_allowed to offer only what is allowed.
 *
 * Without a signed-in person only two things write: `init` setting up a
 * new database (a work group and its first person, while the database has
 * no live person: fb_auth_first_person makes that person the actor for the
 * rest of the setup), and `demo` (fb_demo_generate, on a database with no
 * people or one that is itself a demo). Imports do not go through the
 * actor: what a bundle may change follows from who sent it (the importer's
 * rules). */
#ifndef FIELDBOOK_PERM_H
#define FIELDBOOK_PERM_H

#include <stdint.h>
#include "fieldbook/store.h"

/* The actions: enum name and code in the table (what each is in words:
 * perm.c). */
#define FB_ACTIONS(X)                         \
	X(LOG_WRITE, "log.write")             \
	X(CONTACT_WRITE, "contact.write")     \
	X(TICKET_FILE, "ticket.file")         \
	X(TICKET_EDIT, "ticket.edit")         \
	X(TICKET_ROUTE, "ticket.route")       \
	X(TICKET_STEP, "ticket.step")         \
	X(TICKET_NOTE, "ticket.note")         \
	X(TICKET_ANSWER, "ticket.answer")     \
	X(TICKET_CLOSE, "ticket.close")       \
	X(REPORT_WRITE, "report.write")       \
	X(REPORT_SUBMIT, "report.submit")     \
	X(PERSON_WRITE, "person.write")       \
	X(PERSON_DELETE, "person.delete")     \
	X(PERSON_RESET, "person.reset")       \
	X(GROUP_WRITE, "group.write")         \
	X(TARGET_WRITE, "target.write")       \
	X(BUNDLE_IMPORT, "bundle.import")     \
	X(LEDGER_WRITE, "ledger.write")       \
	X(SHEET_WRITE, "sheet.write")         \
	X(SHEET_FILE, "sheet.file")           \
	X(CALENDAR_WRITE, "calendar.write")   \
	X(LEAVE_WRITE, "leave.write")         \
	X(SCHEDULE_WRITE, "schedule.write")   \
	X(REVIEW_WRITE, "review.write")       \
	X(REPORT_FILE, "report.file")         \
	X(CONFLICT_SETTLE, "conflict.settle") \
	X(POINT_WRITE, "point.write")         \
	X(TOPIC_WRITE, "topic.write")         \
	X(PAIRING_WRITE, "pairing.write")

#define FB_ACTION_ENUM(name, code) FB_ACT_##name,
typedef enum fb_action { FB_ACTIONS(FB_ACTION_ENUM) FB_ACT_COUNT } fb_action;
#undef FB_ACTION_ENUM

/* The record an action is on. Every field may be 0 / NULL. */
typedef struct fb_perm_on {
	int64_t group_id;     /* the record's work group (0: none, as for a target) */
	int64_t owner;        /* whose record it is: a log's author, a ticket's opener, the
	                       * person edited */
	int64_t other;        /* a second person it is theirs too: a ticket's owner */
	const char *subject;  /* actions on people: the role of the person acted on */
	const char *subject2; /* a change of role: the role after */
	const char *what;     /* the refusal names this (translated) instead of the action's
	                       * words: "submit the weekly report" */
} fb_perm_on;

/* FB_OK if the acting person may do action on the record (on may be NULL:
 * no record, as for a target). FB_EPERM with a translated one-line message
 * if not: who may, or that they may only for their own records or their
 * own group's, or that nobody is signed in. A database error is returned
 * as such. Two indexed lookups, no per-row SQL. */
fb_status fb_perm_check(fb_store *st, fb_action action, const fb_perm_on *on, fb_error *err);
/* FB_OK if the acting person may read the records of work group group_id
 * (a report to be copied out of the database as a document): a person of
 * that group, whatever their role (the group's cadres, leader and
 * supervising leader read its reports), or one whose role acts on every
 * group (a role with scope "all" for some action in the table: HQ). what
 * names the action in the refusal (translated: "read reports"). FB_EPERM
 * with a translated line otherwise, also when nobody is signed in; a
 * database error as such. */
fb_status fb_perm_check_read(fb_store *st, int64_t group_id, const char *what, fb_error *err);
/* 1 if fb_perm_check would allow it, 0 if not (or it cannot be read): for
 * front ends to hide what is not allowed. */
int fb_perm_allowed(fb_store *st, fb_action action, const fb_perm_on *on);
/* fb_perm_check on record id of table, its work group and owner (a
 * ticket's owner as other, a person's role as subject) read from the row
 * (tables units, workers, contact_sheets, leave, report_filings,
 * logs, tickets, reports, people, work_groups, targets, calendar_days,
 * report_schedule). FB_ENOTFOUND if there is no such row, FB_EINVAL for
 * another table. fb_perm_check_uuid: the same by uuid, for any travelling
 * table: a row not here, or of a table not in the list, is checked as a
 * record of no group (only a role with scope "all" may: HQ). */
fb_status fb_perm_check_row(fb_store *st, fb_action action, const char *table, int64_t id,
                            fb_error *err);
fb_status fb_perm_check_uuid(fb_store *st, fb_action action, const char *table, const char *uuid,
                             fb_error *err);
/* The action's code in the table ("report.submit"). */
const char *fb_action_code(fb_action a);

#endif
