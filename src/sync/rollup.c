/* rollup.c - push a city headquarters' database into the provincial
 * PostgreSQL warehouse (see rollup.h): the schema, the city register, COPY
 * into staging and the newer-revision-wins apply, in one transaction. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/hq.h"
#include "fieldbook/i18n.h"
#include "rollup.h"
#include "rollup_impl.h"
#include "sqlstore.h"
#include "sync_internal.h"
#include "tables.h"

/* Personal fields: pushed as empty text (see rollup.h). */
static const struct {
	const char *table, *col;
} personal[] = {
	{"people", "phone"},
	{"contacts", "name"},
	{"contacts", "phone"},
	{"contacts", "id_number"},
	{"workers", "name"},
	{"workers", "phone"},
	{"workers", "id_number"},
	{"units", "address"},
	{"units", "contact_person"},
	{"units", "contact_phone"},
	{"tickets", "raised_by"},
	{"contact_sheets", "met_with"},
	{"contact_points", "liaison_name"},
	{"contact_points", "liaison_phone"},
};

static int is_personal(const char *table, const char *col)
{
	for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
		if (!strcmp(personal[i].table, table) && !strcmp(personal[i].col, col))
			return 1;
	return 0;
}

/* The tables the warehouse holds: every travelling table but the history
 * (its old and new values carry personal fields in the clear). */
static int pushed(const fb_sync_table *t) { return strcmp(t->name, "history") != 0; }

static int has_col(const fb_sync_table *t, int kind)
{
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].kind == kind)
			return 1;
	return 0;
}

static const char *pg_type(int kind)
{
	switch (kind) {
	case C_INT:
	case C_REV: return "bigint";
	case C_DELETED: return "smallint";
	case C_DATE: return "date";
	default: return "text";
	}
}

/* The server's notices and warnings (a shutdown's "terminating connection")
 * are not printed: sync never prints; a failure comes back as the error. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

PGconn *fb_rollup_connect(const char *conninfo, fb_error *err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &msg);
	if (!opts) {
		PQfreemem(msg);
		fb_error_set(err, FB_EINVAL, NULL,
		             _("the warehouse's connection string is not valid"));
		return NULL;
	}
	int has_password = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val && *o->val)
			has_password = 1;
	PQconninfoFree(opts);
	if (has_password) {
		fb_error_set(err, FB_EINVAL, NULL,
		             _("a password may not be given on the command line: use PGPASSFILE, "
		               "~/.pgpass or PGPASSWORD"));
		return NULL;
	}
	PGconn *c = PQconnectdb(conninfo);
	if (!c) {
		fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		fb_rollup_pgerr(c, NULL, err);
		PQfinish(c);
		return NULL;
	}
	PQsetClientEncoding(c, "UTF8");
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	return c;
}

fb_status fb_rollup_pgerr(PGconn *c, const PGresult *r, fb_error *err)
{
	const char *m = r ? PQresultErrorMessage(r) : NULL;
	if (!m || !*m)
		m = PQerrorMessage(c);
	char line[400];
	snprintf(line, sizeof line, "%s", m ? m : "");
	line[strcspn(line, "\r\n")] = 0;
	return fb_error_set(err, FB_EIO, NULL, _("the warehouse: %s"), line);
}

fb_status fb_rollup_exec(PGconn *c, const char *sql, fb_error *err)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);
	fb_status rc = FB_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = fb_rollup_pgerr(c, r, err);
	PQclear(r);
	return rc;
}

fb_status fb_rollup_version(PGconn *c, int *v, fb_error *err)
{
	*v = 0;
	PGresult *r = PQexec(c, "SELECT to_regclass('fieldbook.schema_version') IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fb_status rc = fb_rollup_pgerr(c, r, err);
		PQclear(r);
		return rc;
	}
	int exists = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!exists)
		return FB_OK;
	r = PQexec(c, "SELECT max(version) FROM fieldbook.schema_version");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fb_status rc = fb_rollup_pgerr(c, r, err);
		PQclear(r);
		return rc;
	}
	*v = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) ? atoi(PQgetvalue(r, 0, 0)) : 0;
	PQclear(r);
	return FB_OK;
}

/* A growing string for SQL text. */
typedef struct {
	char *p;
	size_t n, cap;
	int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + len + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = 0;
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		b->oom = 1;
	else
		sb_add(b, tmp, (size_t)n);
}

/* Schema version 1: the register and every pushed table, keyed by city. */
static void schema_v1(sbuf *b)
{
	sb_printf(b, "CREATE SCHEMA IF NOT EXISTS fieldbook;"
	             "CREATE TABLE fieldbook.schema_version (version integer NOT NULL);"
	             "INSERT INTO fieldbook.schema_version VALUES (1);"
	             "CREATE TABLE fieldbook.cities (city text PRIMARY KEY, device text NOT NULL"
	             " UNIQUE, last_chg bigint NOT NULL DEFAULT 0, pushed_at timestamptz);");
	for (int i = 0; i < fb_sync_ntables; i++) {
		const fb_sync_table *t = &fb_sync_tables[i];
		if (!pushed(t))
			continue;
		sb_printf(b, "CREATE TABLE fieldbook.\"%s\" (city text NOT NULL", t->name);
		for (int k = 0; k < t->ncols; k++)
			sb_printf(b, ", \"%s\" %s%s", t->cols[k].csv, pg_type(t->cols[k].kind),
			          t->cols[k].kind == C_UUID ? " NOT NULL" : "");
		sb_printf(b, ", PRIMARY KEY (city, uuid));");
	}
	sb_printf(b,
	          "CREATE INDEX logs_city_author_date ON fieldbook.logs (city, author_uuid, date);"
	          "CREATE INDEX logs_city_date ON fieldbook.logs (city, date);"
	          "CREATE INDEX tickets_city_group ON fieldbook.tickets (city, group_uuid);"
	          "CREATE INDEX people_city_group ON fieldbook.people (city, group_uuid);");
}

/* Make or migrate the schema (inside the push's transaction). */
static fb_status schema_ensure(PGconn *c, int *created, fb_error *err)
{
	int v;
	fb_status rc = fb_rollup_version(c, &v, err);
	if (rc)
		return rc;
	if (v > FB_ROLLUP_SCHEMA_VERSION)
		return fb_error_set(
			err, FB_ESCHEMA, NULL,
			_("the warehouse was made by a newer fieldbook (schema %d, this "
		          "one knows %d): nothing was pushed"),
			v, FB_ROLLUP_SCHEMA_VERSION);
	if (v == FB_ROLLUP_SCHEMA_VERSION)
		return FB_OK;
	sbuf b = {0};
	schema_v1(&b);
	if (b.oom) {
		free(b.p);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	rc = fb_rollup_exec(c, b.p, err);
	free(b.p);
	*created = rc == FB_OK;
	return rc;
}

/* Run a query with text parameters; the result, or NULL with err set. */
static PGresult *query(PGconn *c, const char *sql, int n, const char *const *params, fb_error *err)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		fb_rollup_pgerr(c, r, err);
		PQclear(r);
		return NULL;
	}
	return r;
}

/* The city's register entry: refused if the city belongs to another
 * device or the device to another city; *last the last change pushed. */
static fb_status city_check(PGconn *c, const char *city, const char *device, int64_t *last,
                            int *known, fb_error *err)
{
	const char *p[2] = {city, device};
	PGresult *r = query(c,
	                    "SELECT city, device, last_chg FROM fieldbook.cities"
	                    " WHERE city = $1 OR device = $2 FOR UPDATE",
	                    2, p, err);
	if (!r)
		return FB_EIO;
	*last = 0;
	*known = 0;
	fb_status rc = FB_OK;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		const char *rcity = PQgetvalue(r, i, 0), *rdev = PQgetvalue(r, i, 1);
		if (!strcmp(rcity, city) && strcmp(rdev, device))
			rc = fb_error_set(err, FB_ESTATE, NULL,
			                  _("the warehouse already holds %s from another database "
			                    "(device %.8s): nothing was pushed"),
			                  city, rdev);
		else if (strcmp(rcity, city))
			rc = fb_error_set(err, FB_ESTATE, NULL,
			                  _("this database was pushed as %s, not %s: nothing was "
			                    "pushed"),
			                  rcity, city);
		else {
			*last = strtoll(PQgetvalue(r, i, 2), NULL, 10);
			*known = 1;
		}
	}
	PQclear(r);
	return rc;
}

/* The COPY stream of one table, buffered. */
typedef struct {
	PGconn *c;
	sbuf b;
	int failed;
} copy_out;

static int copy_flush(copy_out *o)
{
	if (o->b.n && !o->failed && PQputCopyData(o->c, o->b.p, (int)o->b.n) != 1)
		o->failed = 1;
	o->b.n = 0;
	return o->failed ? -1 : 0;
}

/* A CSV field for COPY: NULL unquoted and empty, anything else quoted. */
static void copy_field(copy_out *o, const char *v, int first)
{
	if (!first)
		sb_add(&o->b, ",", 1);
	if (!v)
		return;
	sb_add(&o->b, "\"", 1);
	for (const char *s = v;;) {
		const char *q = strchr(s, '"');
		if (!q) {
			sb_add(&o->b, s, strlen(s));
			break;
		}
		sb_add(&o->b, s, (size_t)(q - s) + 1);
		sb_add(&o->b, "\"", 1);
		s = q + 1;
	}
	sb_add(&o->b, "\"", 1);
}

/* Stream table t's rows changed in (since, upto] as COPY data; rows sent into *n. */
static fb_status copy_rows(fb_store *st, PGconn *c, const fb_sync_table *t, const char *city,
                           int64_t since, int64_t upto, int64_t *n, fb_rollup_progress progress,
                           void *ctx, fb_error *err)
{
	char sql[8192];
	fb_sync_select_sql(t, "WHERE t.chg > ?1 AND t.chg <= ?2", 0, sql, sizeof sql);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return err ? err->code : FB_EDB;
	/* a first push takes the rows no write ever numbered too (chg 0: the
	 * defaults migrations put in) */
	sqlite3_bind_int64(s, 1, since ? since : -1);
	sqlite3_bind_int64(s, 2, upto);
	copy_out o = {c, {0}, 0};
	int r;
	*n = 0;
	while ((r = fb_store_step(st, s, err)) == 1) {
		copy_field(&o, city, 1);
		for (int k = 0; k < t->ncols; k++) {
			const fb_sync_col *col = &t->cols[k];
			const char *v = (const char *)sqlite3_column_text(s, k);
			if (is_personal(t->name, col->csv))
				v = "";
			else if (v && !*v && col->kind == C_DATE)
				v = NULL;
			copy_field(&o, v, 0);
		}
		sb_add(&o.b, "\n", 1);
		(*n)++;
		if (o.b.n > 256 * 1024 && copy_flush(&o))
			break;
		if (progress && *n % FB_ROLLUP_PROGRESS_ROWS == 0)
			progress(ctx, t->name, *n);
	}
	sqlite3_reset(s);
	int oom = o.b.oom;
	if (r >= 0 && !oom)
		copy_flush(&o);
	free(o.b.p);
	if (r < 0) {
		PQputCopyEnd(c, "fieldbook: the city database failed");
		PQclear(PQgetResult(c));
		return err ? err->code : FB_EDB;
	}
	if (oom) {
		PQputCopyEnd(c, "fieldbook: out of memory");
		PQclear(PQgetResult(c));
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	if (o.failed || PQputCopyEnd(c, NULL) != 1)
		return fb_rollup_pgerr(c, NULL, err);
	fb_status rc = FB_OK;
	PGresult *res;
	while ((res = PQgetResult(c))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc)
			rc = fb_rollup_pgerr(c, res, err);
		PQclear(res);
	}
	if (!rc && progress && *n % FB_ROLLUP_PROGRESS_ROWS)
		progress(ctx, t->name, *n);
	return rc;
}

/* The apply of staging into the table: newer revision wins, a tombstone
 * stays one; insert-only tables keep what they have. */
static void apply_sql(sbuf *b, const fb_sync_table *t)
{
	sb_printf(b, "INSERT INTO fieldbook.\"%s\" AS w SELECT * FROM \"stage_%s\"", t->name,
	          t->name);
	if (t->append_only || !has_col(t, C_DELETED)) {
		sb_printf(b, " ON CONFLICT (city, uuid) DO NOTHING");
		return;
	}
	sb_printf(b, " ON CONFLICT (city, uuid) DO UPDATE SET ");
	int first = 1;
	for (int k = 0; k < t->ncols; k++) {
		if (t->cols[k].kind == C_UUID)
			continue;
		sb_printf(b, "%s\"%s\" = EXCLUDED.\"%s\"", first ? "" : ", ", t->cols[k].csv,
		          t->cols[k].csv);
		first = 0;
	}
	sb_printf(b, " WHERE (EXCLUDED.rev > w.rev AND (w.deleted = 0 OR EXCLUDED.deleted = 1))");
	/* A ticket's status is replayed from its history (fb_ticket_recompute_status)
	 * without a new revision: at the same revision the city's replay is taken. */
	if (!strcmp(t->name, "tickets"))
		sb_printf(b, " OR (EXCLUDED.rev = w.rev AND w.deleted = 0 AND EXCLUDED.status IS "
		             "DISTINCT FROM w.status)");
}

/* One table: staging, COPY, apply. direct: the city has no row in the
 * warehouse (its first push, the register said so in this transaction):
 * the rows are copied straight into the table, nothing to compare with. */
static fb_status push_table(fb_store *st, PGconn *c, const fb_sync_table *t, const char *city,
                            int64_t since, int64_t upto, int direct, fb_rollup_result *res,
                            fb_rollup_progress progress, void *ctx, fb_error *err)
{
	char sql[512];
	if (direct) {
		snprintf(sql, sizeof sql, "COPY fieldbook.\"%s\" FROM STDIN (FORMAT csv)", t->name);
	} else {
		snprintf(sql, sizeof sql,
		         "CREATE TEMP TABLE \"stage_%s\" (LIKE fieldbook.\"%s\") ON COMMIT DROP",
		         t->name, t->name);
		fb_status rc0 = fb_rollup_exec(c, sql, err);
		if (rc0)
			return rc0;
		snprintf(sql, sizeof sql, "COPY \"stage_%s\" FROM STDIN (FORMAT csv)", t->name);
	}
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		fb_status rc = fb_rollup_pgerr(c, r, err);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	int64_t n = 0;
	fb_status rc = copy_rows(st, c, t, city, since, upto, &n, progress, ctx, err);
	if (rc)
		return rc;
	res->rows_sent += n;
	if (direct)
		res->rows_applied += n;
	if (!n || direct)
		return FB_OK;
	sbuf b = {0};
	apply_sql(&b, t);
	if (b.oom) {
		free(b.p);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	r = PQexec(c, b.p);
	free(b.p);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = fb_rollup_pgerr(c, r, err);
		PQclear(r);
		return rc;
	}
	res->rows_applied += strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return FB_OK;
}

/* Everything after the connection, inside the warehouse's transaction and
 * the local read transaction. */
static fb_status push_all(fb_store *st, PGconn *c, const char *city, fb_rollup_progress progress,
                          void *ctx, fb_rollup_result *out, fb_error *err)
{
	fb_status rc;
	/* one push at a time: a second one waits here, then sees the first's work */
	if ((rc = fb_rollup_exec(c,
	                         "SET LOCAL client_min_messages = warning;"
	                         "SELECT pg_advisory_xact_lock(7316001)",
	                         err)) ||
	    (rc = schema_ensure(c, &out->created, err)))
		return rc;
	const char *device = fb_store_device(st);
	int known;
	if ((rc = city_check(c, city, device, &out->from_chg, &known, err)) ||
	    (rc = fb_sync_change_seq(st, &out->to_chg, err)))
		return rc;
	if (out->to_chg < out->from_chg) /* restored from an older copy: push everything */
		out->from_chg = 0;
	for (int i = 0; i < fb_sync_ntables && !rc; i++)
		if (pushed(&fb_sync_tables[i]))
			rc = push_table(st, c, &fb_sync_tables[i], city, out->from_chg, out->to_chg,
			                !known, out, progress, ctx, err);
	if (rc)
		return rc;
	char last[24];
	snprintf(last, sizeof last, "%" PRId64, out->to_chg);
	const char *p[3] = {city, device, last};
	PGresult *r = query(c,
	                    "INSERT INTO fieldbook.cities (city, device, last_chg, pushed_at)"
	                    " VALUES ($1, $2, $3, now()) ON CONFLICT (city) DO UPDATE"
	                    " SET last_chg = EXCLUDED.last_chg, pushed_at = EXCLUDED.pushed_at",
	                    3, p, err);
	if (!r)
		return FB_EIO;
	PQclear(r);
	return FB_OK;
}

fb_status fb_rollup_push(fb_store *st, const char *conninfo, fb_rollup_progress progress, void *ctx,
                         fb_rollup_result *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	int hq = fb_hq_is(st, err);
	if (hq < 0)
		return err ? err->code : FB_EDB;
	fb_status rc;
	if (!hq)
		return fb_error_set(err, FB_EINVAL, NULL,
		                    _("only a headquarters' database is pushed to the warehouse"));
	char fed[192], dep[192];
	if ((rc = fb_hq_names(st, fed, dep, sizeof fed, err)))
		return rc;
	if (!*fed)
		return fb_error_set(
			err, FB_EINVAL, NULL,
			_("headquarters has no federation name: set it with init --hq"));
	snprintf(out->city, sizeof out->city, "%s", fed);
	PGconn *c = fb_rollup_connect(conninfo, err);
	if (!c)
		return err ? err->code : FB_EIO;
	sqlite3 *db = fb_store_db(st);
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = fb_store_dberr(st, err);
		PQfinish(c);
		return rc;
	}
	rc = fb_rollup_exec(c, "BEGIN", err);
	if (!rc)
		rc = push_all(st, c, fed, progress, ctx, out, err);
	if (!rc)
		rc = fb_rollup_exec(c, "COMMIT", err);
	else
		PQclear(PQexec(c, "ROLLBACK"));
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	PQfinish(c);
	return rc;
}
