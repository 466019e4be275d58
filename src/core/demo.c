/* demo.c - the demo generator's run: the options checked and the clock
 * set, the batched inserts prepared, then the groups and their people
 * (demo_people.c) and the logs with their ledger and tickets (demo_logs.c,
 * demo_ledger.c) loaded, and everyone given the demo password.
 *
 * The data is realistic and synthetic: groups of cadres with Chinese names,
 * daily logs of 100-400 characters made from the circulars' vocabulary,
 * a contact ledger (units met again and again, workers, contact record
 * sheets), and tickets with histories. Deterministic for a seed: every
 * choice, UUID and revision comes from one PRNG and the calendar.
 *
 * Rows are valid by construction and written with batched prepared inserts
 * (one transaction per DEMO_BATCH logs), not through the per-record
 * validation path, so a million logs take seconds, not hours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/i18n.h"
#include "search.h"
#include "fieldbook/auth.h"
#include "demo_share.h"

/* Run sql on the store's connection; the database error if it fails. */
static fb_status exec_sql(fb_store *st, const char *sql, fb_error *err)
{
	if (sqlite3_exec(fb_store_db(st), sql, NULL, NULL, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	return FB_OK;
}

/* Prepare a statement the demo owns (finalize_all frees it). */
static fb_status prepare(demo *d, sqlite3_stmt **s, const char *sql, fb_error *err)
{
	if (sqlite3_prepare_v2(fb_store_db(d->st), sql, -1, s, NULL) != SQLITE_OK)
		return fb_store_dberr(d->st, err);
	return FB_OK;
}

/* Finalize the demo's prepared statements (NULL ones are fine). */
static void finalize_all(demo *d)
{
	sqlite3_finalize(d->log_ins);
	sqlite3_stmt **more[] = {&d->unit_ins, &d->worker_ins, &d->lunit_ins, &d->lworker_ins,
	                         &d->sheet_ins};
	for (size_t i = 0; i < N(more); i++)
		sqlite3_finalize(*more[i]);
	sqlite3_finalize(d->ticket_ins);
	sqlite3_finalize(d->event_ins);
	sqlite3_finalize(d->ticket_status);
}

/* The options checked and the demo's clock set: the last day, the local
 * time zone at it, and the moment no row may be stamped after (now, or
 * the end of the last day). */
static fb_status demo_init(demo *d, fb_store *st, const fb_demo_opts *o, fb_error *err)
{
	memset(d, 0, sizeof *d);
	d->st = st;
	d->o = o;
	d->rng = o->seed ? o->seed : 20261122;
	snprintf(d->origin, sizeof d->origin, "%s", fb_store_device(st));
	if (o->logs < 0 || o->logs > 100000000L)
		return fb_error_set(err, FB_EINVAL, "logs", _("must be between 0 and 100000000"));
	d->ngroups = o->groups > 0 ? o->groups : (int)(o->logs / 2500);
	if (d->ngroups < 1)
		d->ngroups = 1;
	if (d->ngroups > 1000)
		return fb_error_set(err, FB_EINVAL, "groups", _("must be between 1 and 1000"));
	d->end = fb_today();
	if (o->end_on && fb_date_parse(o->end_on, &d->end, "end", err))
		return err ? err->code : FB_EINVAL;
	struct tm ltm;
	time_t noon = (time_t)fb_date_to_days(d->end) * 86400 + 12 * 3600;
	d->gmtoff = localtime_r(&noon, &ltm) ? ltm.tm_gmtoff : 0;
	local_at(d, d->end, 23, 59, d->limit);
	d->limit[17] = '5', d->limit[18] = '9'; /* 23:59:59 */
	char now[21];
	if (strcmp(fb_now_iso(now), d->limit) < 0)
		memcpy(d->limit, now, sizeof now);
	/* How far back the logs reach: each cadre logs most weekdays. */
	long people = (long)d->ngroups * 4;
	long weekdays = o->logs / people + 1;
	d->start = fb_date_add(d->end, -(weekdays * 7 / 5 * 10 / 9 + 7));
	d->members = calloc((size_t)d->ngroups * 6, sizeof *d->members);
	d->nmem = calloc((size_t)d->ngroups, sizeof *d->nmem);
	d->gids = calloc((size_t)d->ngroups, sizeof *d->gids);
	/* a group meets a unit again every few logs: 1,000 logs of a group
	 * cover about 100 units and 300 workers */
	long per_group = o->logs / d->ngroups + 1;
	d->pool_units = (int)(12 + per_group / 10 > 2000 ? 2000 : 12 + per_group / 10);
	d->pool_workers = 3 * d->pool_units;
	d->units = calloc((size_t)d->ngroups * (size_t)d->pool_units, sizeof *d->units);
	d->nunits = calloc((size_t)d->ngroups, sizeof *d->nunits);
	d->workers = calloc((size_t)d->ngroups * (size_t)d->pool_workers, sizeof *d->workers);
	d->nworkers = calloc((size_t)d->ngroups, sizeof *d->nworkers);
	if (!d->members || !d->nmem || !d->gids || !d->units || !d->nunits || !d->workers ||
	    !d->nworkers)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	return FB_OK;
}

/* The batched inserts, prepared once (not cached: the demo owns them). */
static fb_status prepare_all(demo *d, fb_error *err)
{
	fb_status rc;
	if ((rc = prepare(
		     d, &d->log_ins,
		     "INSERT INTO logs (uuid, group_id, author_id, date, unit, activity, "
		     "enterprise_kinds, "
		     "worker_kinds, enterprises, workers, households, content, findings, actions, "
		     "next_step, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		     "?9, "
		     "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
		     err)) ||
	    (rc = prepare(
		     d, &d->unit_ins,
		     "INSERT INTO units (uuid, group_id, kind, name, name_key, enterprise_kinds, "
		     "ownership, headcount, has_union, contact_person, origin, rev, updated_at) "
		     "VALUES "
		     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
		     err)) ||
	    (rc = prepare(
		     d, &d->worker_ins,
		     "INSERT INTO workers (uuid, group_id, unit_id, name, phone, worker_kinds, "
		     "raised, "
		     "origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		     err)) ||
	    (rc = prepare(
		     d, &d->lunit_ins,
		     "INSERT INTO log_units (uuid, log_id, unit_id, mode, origin, rev, updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		     err)) ||
	    (rc = prepare(
		     d, &d->lworker_ins,
		     "INSERT INTO log_workers (uuid, log_id, worker_id, origin, rev, updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		     err)) ||
	    (rc = prepare(
		     d, &d->sheet_ins,
		     "INSERT INTO contact_sheets (uuid, group_id, unit_id, author_id, log_id, "
		     "date, mode, "
		     "met_with, content, opinions, problem, beyond, handed_to, filed_by, filed_on, "
		     "origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		     "?11, "
		     "?12, ?13, ?14, ?15, ?16, ?17, ?18)",
		     err)) ||

	    (rc = prepare(
		     d, &d->ticket_ins,
		     "INSERT INTO tickets (uuid, group_id, log_id, opened_by, owner_id, opened_on, "
		     "due_on, title, description, unit, category, routing, origin, rev, "
		     "updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
		     err)) ||
	    (rc = prepare(
		     d, &d->event_ins,
		     "INSERT INTO ticket_events (uuid, ticket_id, kind, actor_id, at, body, dept, "
		     "status_after, origin, rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		     err)))
		return rc;
	return prepare(d, &d->ticket_status, "UPDATE tickets SET status = ?1 WHERE id = ?2", err);
}

/* 1 if the demo brings many more logs than the database holds: then one
 * transaction and the search index built in one pass at the end (about
 * three times faster); -1 on a database error. */
static int one_pass_load(demo *d, fb_error *err)
{
	sqlite3_stmt *q;
	if (prepare(d, &q, "SELECT coalesce(max(id), 0) FROM logs", err))
		return -1;
	int row = fb_store_step(d->st, q, err);
	long long have = row > 0 ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (row < 0)
		return -1;
	return d->o->logs >= DEMO_BATCH && d->o->logs >= 2 * have;
}

/* Free what demo_init and prepare_all made. */
static void demo_free(demo *d)
{
	free(d->members);
	free(d->nmem);
	free(d->gids);
	free(d->units);
	free(d->nunits);
	free(d->workers);
	free(d->nworkers);
	finalize_all(d);
}

/* The load itself: groups, then logs; in one pass (one transaction, the
 * search index built at the end) when the demo brings many more logs than
 * there are. */
static fb_status load(demo *d, fb_error *err)
{
	fb_search_bulk bulk = {0};
	int one_pass = one_pass_load(d, err);
	if (one_pass < 0)
		return fb_stmt_failed(err);
	fb_status rc = FB_OK;
	if (one_pass && !(rc = fb_store_begin(d->st, err)) &&
	    (rc = fb_search_bulk_begin(d->st, &bulk, err)))
		fb_store_rollback(d->st);
	if (rc)
		return rc;
	rc = demo_make_groups(d, err);
	if (!rc)
		rc = demo_write_logs(d, err);
	if (!rc && !(rc = fb_store_begin(d->st, err))) {
		rc = demo_write_points(d, err);
		if (!rc)
			rc = fb_store_commit(d->st, err);
		else
			fb_store_rollback(d->st);
	}
	if (one_pass) {
		if (!rc)
			rc = fb_search_bulk_end(d->st, &bulk, err);
		if (!rc)
			rc = fb_store_commit(d->st, err);
		else
			fb_store_rollback(d->st);
		fb_search_bulk_free(&bulk);
	}
	return rc;
}

fb_status fb_demo_generate(fb_store *st, const fb_demo_opts *o, fb_error *err)
{
	demo d;
	/* Demo people share a published password: never into a database whose
	 * people are real (it would give anyone a way in) */
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT 1 FROM people WHERE deleted = 0 LIMIT 1", err);
	if (!q)
		return fb_stmt_failed(err);
	int row = fb_store_step(st, q, err);
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row > 0 && !fb_auth_is_demo(st))
		return fb_error_set(err, FB_EPERM, NULL,
		                    _("demo data goes only into a new database or a demo one: this "
		                      "one has people of its own"));
	fb_status rc = demo_init(&d, st, o, err);
	if (!rc)
		rc = prepare_all(&d, err);
	if (rc) {
		demo_free(&d);
		return rc;
	}
	/* Bulk load: a crash here only loses demo data, so trade durability
	 * for speed until the end; a rollback journal for a big first load. */
	int journal = one_pass_load(&d, NULL) > 0 && fb_store_bulk_journal(st, 1);
	exec_sql(st, "PRAGMA synchronous = OFF", NULL);
	rc = load(&d, err);
	if (!rc)
		rc = fb_auth_give_everyone(st, FB_DEMO_PASSWORD, err);
	if (!rc && o->progress)
		o->progress(d.done, o->logs, o->ctx);
	if (journal)
		fb_store_bulk_journal(st, 0);
	exec_sql(st, "PRAGMA synchronous = FULL", NULL);
	if (!rc)
		exec_sql(st, "PRAGMA optimize", NULL);
	demo_free(&d);
	return rc;
}
