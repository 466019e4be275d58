/* report_due.c - the due list: every report the schedule asks of each
 * group, cadre and HQ over their stay, each with its due date and state
 * (compiled reports from their submission, others from their filing), and
 * the counts by group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "fieldbook/review.h"
#include "report_text.h"
#include "due_impl.h"

typedef struct sched_list {
	fb_schedule *v;
	int n, cap;
	int failed;
} sched_list;

static int add_schedule(const fb_schedule *s, void *ctx)
{
	sched_list *l = ctx;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		fb_schedule *v = realloc(l->v, sizeof *v * (size_t)cap);
		if (!v) {
			l->failed = 1;
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

typedef struct due_acc {
	fb_due_item *v;
	int n, cap;
} due_acc;

static fb_due_item *push(due_acc *a, fb_error *err)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 64;
		fb_due_item *v = realloc(a->v, sizeof *v * (size_t)cap);
		if (!v) {
			fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			return NULL;
		}
		a->v = v;
		a->cap = cap;
	}
	fb_due_item *it = &a->v[a->n++];
	memset(it, 0, sizeof *it);
	return it;
}

/* The day a compiled report was first submitted and its latest revision. */
static fb_status compiled_state(fb_store *st, fb_due_item *it, const char *kind, int stay,
                                fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT submitted_at, id FROM reports WHERE group_id = ?1 AND kind = ?2"
		" AND deleted = 0 AND (?3 = '' OR period_start = ?3) ORDER BY revision_no",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, it->group_id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, stay ? "" : it->period.start, -1, SQLITE_STATIC);
	int rc;
	char first[21] = "";
	while ((rc = fb_store_step(st, s, err)) == 1) {
		it->report_id = sqlite3_column_int64(s, 1);
		const char *at = (const char *)sqlite3_column_text(s, 0);
		if (at && *at && (!*first || strcmp(at, first) < 0))
			snprintf(first, sizeof first, "%s", at);
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	if (*first)
		fb_local_time(first, 0, it->done_on, sizeof it->done_on);
	if (!it->report_id)
		return FB_OK;
	fb_review_status rs;
	fb_status r = fb_review_status_of(st, it->report_id, &rs, err);
	it->review = r ? 0 : (int)rs.state;
	return r;
}

typedef struct span {
	int64_t group_id;
	char group_name[128];
	char start[11], end[11]; /* the stay: end is ends_on, or today */
	char stage_end[11];      /* min(ends_on, today) */
} span;

/* One item of entry e for period p (and person), its state filled in. */
static fb_status add_item(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                          const char *today, const fb_schedule *e, const span *g, const fb_period *p,
                          int64_t person, const char *person_name, due_acc *acc, fb_error *err)
{
	char due[11];
	fb_status rc = fb_due_date(w, e->due_rule, p, due, err);
	if (rc)
		return rc;
	fb_due_item it = {0};
	snprintf(it.code, sizeof it.code, "%s", e->code);
	snprintf(it.title, sizeof it.title, "%s", fb_schedule_title(e));
	snprintf(it.writer, sizeof it.writer, "%s", e->writer);
	it.group_id = g->group_id;
	snprintf(it.group_name, sizeof it.group_name, "%s", g->group_name);
	it.person_id = person;
	snprintf(it.person_name, sizeof it.person_name, "%s", person_name ? person_name : "");
	it.period = *p;
	it.seq = e->sort;
	memcpy(it.due_on, due, sizeof due);
	if (*e->report_kind)
		rc = compiled_state(st, &it, e->report_kind, !strcmp(e->period, "stay"), err);
	else
		rc = fb_due_filed_state(st, &it, err);
	if (rc)
		return rc;
	it.state = fb_due_state_of(it.due_on, it.done_on, today, &it.days);
	if (o->open_only && it.state != FB_DUE_SOON && it.state != FB_DUE_OVERDUE)
		return FB_OK;
	fb_due_item *slot = push(acc, err);
	if (!slot)
		return FB_ENOMEM;
	*slot = it;
	return FB_OK;
}

/* The periods of e over the span, for the person (0: the group's). */
static fb_status add_periods(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                             const char *today, const fb_schedule *e, const span *g, int64_t person,
                             const char *person_name, due_acc *acc, fb_error *err)
{
	if (!strcmp(e->period, "stay")) {
		fb_period p = {0};
		snprintf(p.start, sizeof p.start, "%s", g->start);
		snprintf(p.end, sizeof p.end, "%s", g->stage_end);
		snprintf(p.label, sizeof p.label, "stage");
		return add_item(st, w, o, today, e, g, &p, person, person_name, acc, err);
	}
	/* every period that has begun by today and by the stay's end */
	char last[11];
	fb_date_min(g->end, today, last);
	fb_period p;
	fb_due_period_at(e->period, ymd(g->start), &p);
	for (int guard = 0; strcmp(p.start, last) <= 0 && guard < 2000; guard++) {
		/* due only for a period with a working day of the stay (a stay
		 * that begins on a Sunday owes no report for the week before) */
		char lo[11], hi[11];
		fb_date_max(p.start, g->start, lo);
		fb_date_min(p.end, g->end, hi);
		fb_status rc =
			fb_workdays_count(w, lo, hi) > 0
				? add_item(st, w, o, today, e, g, &p, person, person_name, acc, err)
				: FB_OK;
		if (rc)
			return rc;
		fb_due_period_at(e->period, fb_date_add(ymd(p.end), 1), &p);
	}
	return FB_OK;
}

/* The cadres of a group: each writes their own report. */
static fb_status add_cadres(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                            const char *today, const fb_schedule *e, const span *g, due_acc *acc,
                            fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT id, name FROM people WHERE group_id = ?1"
	                                " AND deleted = 0 AND role != 'hq'"
	                                " ORDER BY role = 'leader' DESC, name, id",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, g->group_id);
	/* the roster first (the statement is reused below through add_item) */
	int64_t ids[64];
	char names[64][64];
	int n = 0, rc;
	while ((rc = fb_store_step(st, s, err)) == 1 && n < 64) {
		ids[n] = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, names[n], sizeof names[n]);
		n++;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	for (int i = 0; i < n; i++) {
		fb_status r = add_periods(st, w, o, today, e, g, ids[i], names[i], acc, err);
		if (r)
			return r;
	}
	return FB_OK;
}

/* Due date, then the schedule's order, the period, the writer. */
static int by_due(const void *a, const void *b)
{
	const fb_due_item *x = a, *y = b;
	int c = strcmp(x->due_on, y->due_on);
	if (!c)
		c = (x->seq > y->seq) - (x->seq < y->seq);
	if (!c)
		c = strcmp(x->period.start, y->period.start);
	if (!c)
		c = (x->person_id > y->person_id) - (x->person_id < y->person_id);
	return c;
}

/* Today as YYYY-MM-DD: o->today if it is given, else the calendar's. */
static void due_today(const fb_due_opts *o, char today[11])
{
	if (o->today && *o->today)
		snprintf(today, 11, "%s", o->today);
	else
		fb_date_format(fb_today(), today);
}

/* Each live group's stay (o->group_id's alone unless 0): from started_on
 * (or the first log) to ends_on (or today); a group with neither a start
 * nor a log owes nothing yet. *spans (caller frees, also on an error) and
 * *nspans. */
static fb_status load_spans(fb_store *st, const fb_due_opts *o, const char *today, span **spans_out,
                            int *nspans_out, fb_error *err)
{
	*spans_out = NULL;
	*nspans_out = 0;
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT g.id, g.name, IFNULL(g.started_on, (SELECT MIN(date) FROM logs l"
		" WHERE l.group_id = g.id AND l.deleted = 0)), IFNULL(g.ends_on, '')"
		" FROM work_groups g WHERE g.deleted = 0 AND (?1 = 0 OR g.id = ?1) ORDER BY "
		"g.name, g.id",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, o->group_id);
	span *spans = NULL;
	int nspans = 0, cap = 0, row;
	while ((row = fb_store_step(st, s, err)) == 1) {
		if (sqlite3_column_type(s, 2) == SQLITE_NULL)
			continue; /* no start and no log: nothing is due yet */
		if (nspans == cap) {
			cap = cap ? cap * 2 : 16;
			span *v = realloc(spans, sizeof *v * (size_t)cap);
			if (!v) {
				row = -2;
				break;
			}
			spans = v;
		}
		span *g = &spans[nspans++];
		memset(g, 0, sizeof *g);
		g->group_id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, g->group_name, sizeof g->group_name);
		fb_col_copy(s, 2, g->start, sizeof g->start);
		fb_col_copy(s, 3, g->end, sizeof g->end);
		if (!*g->end)
			memcpy(g->end, today, sizeof g->end);
		fb_date_min(g->end, today, g->stage_end);
		if (strcmp(g->stage_end, g->start) < 0)
			memcpy(g->stage_end, g->start, sizeof g->start);
	}
	sqlite3_reset(s);
	*spans_out = spans;
	*nspans_out = nspans;
	if (row == -2)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	if (row < 0)
		return fb_stmt_failed(err);
	return FB_OK;
}

/* HQ's own reports span every group's stay: into *hq. */
static void hq_span(const span *spans, int nspans, const char *today, span *hq)
{
	memset(hq, 0, sizeof *hq);
	for (int i = 0; i < nspans; i++) {
		if (!*hq->start || strcmp(spans[i].start, hq->start) < 0)
			memcpy(hq->start, spans[i].start, sizeof hq->start);
		if (strcmp(spans[i].end, hq->end) > 0)
			memcpy(hq->end, spans[i].end, sizeof hq->end);
	}
	fb_date_min(hq->end, today, hq->stage_end);
	snprintf(hq->group_name, sizeof hq->group_name, "%s", _("Headquarters"));
}

/* The items of every entry of the schedule: each begun stay's (the
 * leader's, or each cadre's), then HQ's own over every stay (not in one
 * group's list). */
static fb_status add_all(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                         const char *today, const sched_list *sl, const span *spans, int nspans,
                         const span *hq, due_acc *acc, fb_error *err)
{
	fb_status rc = FB_OK;
	for (int i = 0; !rc && i < nspans; i++) {
		const span *g = &spans[i];
		if (strcmp(g->start, today) > 0)
			continue; /* the stay has not begun */
		for (int k = 0; !rc && k < sl->n; k++) {
			const fb_schedule *e = &sl->v[k];
			if (!strcmp(e->writer, "leader"))
				rc = add_periods(st, w, o, today, e, g, 0, NULL, acc, err);
			else if (!strcmp(e->writer, "cadre"))
				rc = add_cadres(st, w, o, today, e, g, acc, err);
		}
	}
	for (int k = 0;
	     !rc && o->group_id == 0 && nspans && strcmp(hq->start, today) <= 0 && k < sl->n; k++)
		if (!strcmp(sl->v[k].writer, "hq"))
			rc = add_periods(st, w, o, today, &sl->v[k], hq, 0, NULL, acc, err);
	return rc;
}

/* Each group's items (they come group by group) by due date. */
static void sort_by_group(due_acc *acc)
{
	for (int i = 0, j; i < acc->n; i = j) {
		for (j = i; j < acc->n && acc->v[j].group_id == acc->v[i].group_id; j++)
			;
		qsort(acc->v + i, (size_t)(j - i), sizeof *acc->v, by_due);
	}
}

fb_status fb_due_list(fb_store *st, const fb_due_opts *o, fb_due_item **items, int *n, fb_error *err)
{
	*items = NULL;
	*n = 0;
	char today[11];
	due_today(o, today);
	sched_list sl = {0};
	fb_workdays *w = NULL;
	due_acc acc = {0};
	fb_status rc = fb_schedule_each(st, add_schedule, &sl, err);
	if (!rc && sl.failed)
		rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	if (!rc)
		rc = fb_workdays_load(st, &w, err);
	if (!rc) {
		span *spans, hq;
		int nspans;
		rc = load_spans(st, o, today, &spans, &nspans, err);
		hq_span(spans, nspans, today, &hq);
		if (!rc)
			rc = add_all(st, w, o, today, &sl, spans, nspans, &hq, &acc, err);
		free(spans);
	}
	if (!rc)
		sort_by_group(&acc);
	fb_workdays_free(w);
	free(sl.v);
	if (rc) {
		free(acc.v);
		return rc;
	}
	*items = acc.v;
	*n = acc.n;
	return FB_OK;
}

fb_status fb_due_count(const fb_due_item *items, int n, fb_due_counts **counts, int *ncounts,
                       fb_error *err)
{
	*counts = NULL;
	*ncounts = 0;
	fb_due_counts *v = NULL;
	int k = 0;
	for (int i = 0; i < n; i++) {
		int j = k - 1;
		if (j < 0 || v[j].group_id != items[i].group_id) {
			for (j = 0; j < k && v[j].group_id != items[i].group_id; j++)
				;
			if (j == k) {
				fb_due_counts *nv = realloc(v, sizeof *nv * (size_t)(k + 1));
				if (!nv) {
					free(v);
					return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
				}
				v = nv;
				memset(&v[k], 0, sizeof v[k]);
				v[k].group_id = items[i].group_id;
				snprintf(v[k].group_name, sizeof v[k].group_name, "%s",
				         items[i].group_name);
				k++;
			}
		}
		if ((unsigned)items[i].state < 5)
			v[j].n[items[i].state]++;
		if (items[i].state == FB_DUE_LATE || items[i].state == FB_DUE_OVERDUE)
			v[j].late_days += items[i].days;
		if ((unsigned)items[i].review < 5)
			v[j].reviews[items[i].review]++;
	}
	*counts = v;
	*ncounts = k;
	return FB_OK;
}

/* The entry of the schedule that compiles kind (first in its order). */
static int find_kind(const fb_schedule *s, void *ctx)
{
	fb_schedule *want = ctx;
	if (strcmp(s->report_kind, want->report_kind))
		return 0;
	*want = *s;
	want->id = s->id ? s->id : -1;
	return 1;
}

fb_status fb_due_of_report(fb_store *st, const fb_report *r, fb_due_item *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	fb_schedule e = {0};
	snprintf(e.report_kind, sizeof e.report_kind, "%s", fb_report_kind_code(r->kind));
	fb_status rc = fb_schedule_each(st, find_kind, &e, err);
	if (rc)
		return rc;
	if (!e.id)
		return FB_ENOTFOUND;
	fb_workdays *w = NULL;
	if ((rc = fb_workdays_load(st, &w, err)))
		return rc;
	rc = fb_due_date(w, e.due_rule, &r->period, out->due_on, err);
	fb_workdays_free(w);
	if (rc)
		return rc;
	snprintf(out->code, sizeof out->code, "%s", e.code);
	snprintf(out->title, sizeof out->title, "%s", fb_schedule_title(&e));
	snprintf(out->writer, sizeof out->writer, "%s", e.writer);
	out->group_id = r->group_id;
	snprintf(out->group_name, sizeof out->group_name, "%s", r->group_name);
	out->period = r->period;
	if ((rc = compiled_state(st, out, e.report_kind, !strcmp(e.period, "stay"), err)))
		return rc;
	char today[11];
	fb_date_format(fb_today(), today);
	out->state = fb_due_state_of(out->due_on, out->done_on, today, &out->days);
	return FB_OK;
}
