/* coverage_groups.c - the coverage of every work group at once (HQ's view):
 * one grouped pass per figure over the date range instead of fb_coverage_get
 * per group, so 100 groups cost about as much as one scan of the range. */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/coverage.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/target.h"
#include "internal.h"

typedef struct group_cov {
	int64_t id;
	char name[128];
	fb_coverage cov;
} group_cov;

/* The slot of group id in gs (sorted by id), NULL for a group not listed
 * (deleted, or rows of a group this database does not keep). */
static group_cov *slot(group_cov *gs, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (gs[mid].id == id)
			return &gs[mid];
		if (gs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* The groups, by id; *out malloc'd (caller frees). Returns the count or -1. */
static int list_groups(fb_store *st, group_cov **out, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT id, name FROM work_groups WHERE deleted = 0 ORDER BY id", err);
	if (!s)
		return -1;
	int n = 0, cap = 0, row;
	group_cov *gs = NULL;
	while ((row = fb_store_step(st, s, err)) > 0) {
		if (n == cap) {
			group_cov *g = realloc(gs, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *gs);
			if (!g) {
				row = -1;
				fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
				break;
			}
			gs = g;
		}
		memset(&gs[n], 0, sizeof gs[n]);
		gs[n].id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, gs[n].name, sizeof gs[n].name);
		n++;
	}
	sqlite3_reset(s);
	if (row < 0) {
		free(gs);
		return -1;
	}
	*out = gs;
	return n;
}

/* Each statement reads the range once, grouped by group_id (column 0); ?1
 * ?2 the first and last day. INDEXED BY names the covering index (group_id,
 * date, ...) WHERE deleted = 0 that answers it without touching the table:
 * the planner would take the date index and fetch every row instead. */
static const char units_sql[] =
	"SELECT x.group_id, u.kind, u.enterprise_kinds FROM (SELECT group_id, unit_id FROM "
	"log_units INDEXED BY log_units_group WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 "
	"UNION SELECT group_id, unit_id FROM contact_sheets INDEXED BY contact_sheets_group "
	"WHERE date BETWEEN ?1 AND ?2 AND deleted = 0) x JOIN units u ON u.id = x.unit_id";
static const char workers_sql[] =
	"SELECT x.group_id, w.worker_kinds FROM (SELECT DISTINCT group_id, worker_id FROM "
	"log_workers INDEXED BY log_workers_group WHERE date BETWEEN ?1 AND ?2 AND deleted = 0) "
	"x JOIN workers w ON w.id = x.worker_id";
static const char days_sql[] =
	"SELECT group_id, count(*) FROM (SELECT group_id, date FROM logs INDEXED BY logs_group "
	"WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 UNION SELECT group_id, date FROM "
	"contact_sheets INDEXED BY contact_sheets_group WHERE date BETWEEN ?1 AND ?2 AND "
	"deleted = 0) GROUP BY group_id";
static const char logs_sql[] =
	"SELECT group_id, count(*), coalesce(sum(workers), 0) FROM logs INDEXED BY "
	"logs_author_figures WHERE date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY group_id";
static const char sheets_sql[] =
	"SELECT group_id, count(*) FROM contact_sheets INDEXED BY contact_sheets_group WHERE "
	"date BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY group_id";

enum { F_UNITS, F_WORKERS, F_DAYS, F_LOGS, F_SHEETS };

/* Add one row of statement `which` to its group's coverage. */
static void add_row(sqlite3_stmt *s, int which, fb_coverage *c)
{
	switch (which) {
	case F_UNITS:
		fb_coverage_count_unit(c, (const char *)sqlite3_column_text(s, 1),
		                       (uint32_t)sqlite3_column_int64(s, 2));
		break;
	case F_WORKERS:
		c->workers++;
		c->worker_kinds |= (uint32_t)sqlite3_column_int64(s, 1);
		break;
	case F_DAYS: c->contact_days = sqlite3_column_int64(s, 1); break;
	case F_LOGS:
		c->logs = sqlite3_column_int64(s, 1);
		c->head_count = sqlite3_column_int64(s, 2);
		break;
	default: c->sheets = sqlite3_column_int64(s, 1); break;
	}
}

static fb_status run_figure(fb_store *st, int which, const char *from, const char *to,
                            group_cov *gs, int n, fb_error *err)
{
	static const char *const sql[] = {units_sql, workers_sql, days_sql, logs_sql, sheets_sql};
	sqlite3_stmt *s = fb_store_stmt(st, sql[which], err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_text(s, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_TRANSIENT);
	int row;
	group_cov *g = NULL;
	while ((row = fb_store_step(st, s, err)) > 0) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (!g || g->id != id)
			g = slot(gs, n, id);
		if (g)
			add_row(s, which, &g->cov);
	}
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* The group's targets (fb_coverage_get's, group scope). */
static void group_targets(fb_store *st, int64_t group, fb_coverage *c)
{
	static const char *const metric[] = {"enterprises", "workers", "households"};
	int *t[] = {&c->t_enterprises, &c->t_workers, &c->t_households};
	for (int i = 0; i < 3; i++)
		if (fb_target_value(st, "group", metric[i], "programme", group, t[i], NULL))
			*t[i] = -1;
	c->t_contact_days = c->t_contact_units = -1;
}

fb_status fb_coverage_groups(fb_store *st, const char *from, const char *to, fb_group_cov_cb cb,
                             void *ctx, fb_error *err)
{
	char today[11];
	fb_date d;
	if (from && fb_date_parse(from, &d, "from", err))
		return FB_EINVAL;
	if (to && fb_date_parse(to, &d, "to", err))
		return FB_EINVAL;
	fb_date_format(fb_today(), today);
	group_cov *gs = NULL;
	int n = list_groups(st, &gs, err);
	if (n < 0)
		return err ? err->code : FB_EDB;
	fb_status rc = FB_OK;
	for (int which = F_UNITS; which <= F_SHEETS && !rc; which++)
		rc = run_figure(st, which, from ? from : FB_DATE_FIRST, to ? to : today, gs, n, err);
	for (int i = 0; i < n && !rc; i++) {
		group_targets(st, gs[i].id, &gs[i].cov);
		if (cb(gs[i].id, gs[i].name, &gs[i].cov, ctx))
			break;
	}
	free(gs);
	return rc;
}
