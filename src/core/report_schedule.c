/* report_schedule.c - the schedule of reports, stored as data: its words
 * and labels, an entry checked, read and saved. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "fieldbook/text.h"
#include "due_impl.h"

static const char *const writers[] = {"leader", "cadre", "hq", NULL};
static const char *const writer_labels[] = {N_("Group leader"), N_("Each cadre"), N_("Headquarters")};
static const char *const periods[] = {"week",      "month", "bimonth", "quarter",
                                      "half_year", "stay",  NULL};
static const char *const period_labels[] = {N_("Week"),    N_("Month"),     N_("Two months"),
                                            N_("Quarter"), N_("Half year"), N_("The stay")};
/* The seeded titles (014_calendar.sql), for the catalogues. */
static const char *const seeded_titles[] = {N_("Weekly report"),
                                            N_("Monthly exchange minutes"),
                                            N_("Bi-monthly review"),
                                            N_("Quarterly summary"),
                                            N_("Quarterly report to the programme office"),
                                            N_("Half-year summary"),
                                            N_("Stage summary"),
                                            N_("Stationing research report"),
                                            N_("Research report of each cadre"),
                                            N_("City-wide summary to the provincial federation"),
                                            N_("Contact point half-year report")};

static int word_index(const char *v, const char *const *words)
{
	for (int i = 0; v && words[i]; i++)
		if (!strcmp(v, words[i]))
			return i;
	return -1;
}

const char *fb_schedule_writer_label(const char *w)
{
	int i = word_index(w, writers);
	return i < 0 ? (w ? w : "") : _(writer_labels[i]);
}

const char *fb_schedule_period_label(const char *p)
{
	int i = word_index(p, periods);
	return i < 0 ? (p ? p : "") : _(period_labels[i]);
}

const char *fb_schedule_title(const fb_schedule *s)
{
	for (size_t i = 0; i < sizeof seeded_titles / sizeof *seeded_titles; i++)
		if (!strcmp(s->title, seeded_titles[i]))
			return _(seeded_titles[i]);
	return s->title;
}

fb_status fb_schedule_validate(const fb_schedule *s, fb_error *err)
{
	size_t n = strlen(s->code);
	int ok = n >= 1 && n < sizeof s->code;
	for (size_t i = 0; ok && i < n; i++)
		ok = (s->code[i] >= 'a' && s->code[i] <= 'z') ||
		     (s->code[i] >= '0' && s->code[i] <= '9') || s->code[i] == '_';
	if (!ok)
		return fb_error_set(err, FB_EINVAL, "code",
		                    _("'%s' is not a code: 1-31 of a-z, 0-9 and _"), s->code);
	if (fb_text_blank(s->title) || !fb_text_one_line(s->title))
		return fb_error_set(err, FB_EINVAL, "title",
		                    _("the title is missing or not one line"));
	if (word_index(s->writer, writers) < 0)
		return fb_error_set(err, FB_EINVAL, "writer", _("'%s' is not leader, cadre or hq"),
		                    s->writer);
	if (word_index(s->period, periods) < 0)
		return fb_error_set(
			err, FB_EINVAL, "period",
			_("'%s' is not week, month, bimonth, quarter, half_year or stay"), s->period);
	fb_due_rule r;
	fb_status rc = fb_due_rule_parse(s->due_rule, &r, err);
	if (rc)
		return rc;
	if (*s->report_kind) {
		int k = fb_report_kind_parse(s->report_kind);
		static const char *const kind_period[] = {"week", "month", "stay"};
		if (k < 0)
			return fb_error_set(err, FB_EINVAL, "report_kind",
			                    _("'%s' is not weekly, monthly or stage"),
			                    s->report_kind);
		if (strcmp(kind_period[k], s->period) || strcmp(s->writer, "leader"))
			return fb_error_set(err, FB_EINVAL, "report_kind",
			                    _("a %s is the leader's report of a %s"),
			                    fb_report_kind_label((fb_report_kind)k),
			                    fb_schedule_period_label(kind_period[k]));
	}
	if (!fb_text_one_line(s->circular))
		return fb_error_set(err, FB_EINVAL, "circular", _("the circular must be one line"));
	return FB_OK;
}

#define SCHEDULE_COLS \
	"id, uuid, code, title, writer, period, due_rule, IFNULL(report_kind, ''), circular, sort"

static void read_schedule(sqlite3_stmt *s, fb_schedule *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, o->uuid, sizeof o->uuid);
	fb_col_copy(s, 2, o->code, sizeof o->code);
	fb_col_copy(s, 3, o->title, sizeof o->title);
	fb_col_copy(s, 4, o->writer, sizeof o->writer);
	fb_col_copy(s, 5, o->period, sizeof o->period);
	fb_col_copy(s, 6, o->due_rule, sizeof o->due_rule);
	fb_col_copy(s, 7, o->report_kind, sizeof o->report_kind);
	fb_col_copy(s, 8, o->circular, sizeof o->circular);
	o->sort = sqlite3_column_int(s, 9);
}

fb_status fb_schedule_get(fb_store *st, const char *code, fb_schedule *out, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT " SCHEDULE_COLS " FROM report_schedule WHERE code = ?1 AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_bind_text(s, 1, code);
	int row = fb_store_step(st, s, err);
	if (row > 0)
		read_schedule(s, out);
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(
			err, FB_ENOTFOUND, "code",
			_("no report '%s' in the schedule (see: fieldbook report schedule)"),
			code ? code : "");
	return FB_OK;
}

fb_status fb_schedule_each(fb_store *st, fb_schedule_cb cb, void *ctx, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT " SCHEDULE_COLS " FROM report_schedule"
	                                " WHERE deleted = 0 ORDER BY sort, code",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		fb_schedule e;
		read_schedule(s, &e);
		if (cb(&e, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

fb_status fb_schedule_save(fb_store *st, fb_schedule *e, fb_error *err)
{
	fb_status rc = fb_schedule_validate(e, err);
	if (rc || (rc = fb_perm_check(st, FB_ACT_SCHEDULE_WRITE, NULL, err)))
		return rc;
	fb_schedule old;
	fb_error e2 = {0};
	rc = fb_schedule_get(st, e->code, &old, &e2);
	if (rc && rc != FB_ENOTFOUND) {
		if (err)
			*err = e2;
		return rc;
	}
	int update = rc == FB_OK;
	sqlite3_stmt *s = fb_store_stmt(st,
	                                update ? "UPDATE report_schedule SET title = ?5, writer = "
	                                         "?6, period = ?7, due_rule = ?8,"
	                                         " report_kind = nullif(?9, ''), circular = ?10, "
	                                         "sort = ?11, origin = ?2, rev = ?3,"
	                                         " updated_at = ?4 WHERE uuid = ?1"
	                                       : "INSERT INTO report_schedule (uuid, origin, rev, "
	                                         "updated_at, title, writer, period,"
	                                         " due_rule, report_kind, circular, sort, code) "
	                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	                                         " ?8, nullif(?9, ''), ?10, ?11, ?12)",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	if (update)
		snprintf(e->uuid, sizeof e->uuid, "%s", old.uuid);
	else if ((rc = fb_new_uuid(e->uuid, err)))
		return rc;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	char now[21];
	fb_bind_text(s, 1, e->uuid);
	fb_bind_text(s, 2, fb_store_device(st));
	sqlite3_bind_int64(s, 3, fb_store_next_rev(st));
	sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	fb_bind_text(s, 5, e->title);
	fb_bind_text(s, 6, e->writer);
	fb_bind_text(s, 7, e->period);
	fb_bind_text(s, 8, e->due_rule);
	fb_bind_text(s, 9, e->report_kind);
	fb_bind_text(s, 10, e->circular);
	sqlite3_bind_int(s, 11, e->sort);
	if (!update)
		fb_bind_text(s, 12, e->code);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	e->id = update ? old.id : sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}
