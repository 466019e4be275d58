/* rollup_stats.c - the overview's headline figures for every city, computed
 * in the warehouse with the definitions of src/core/stats.c:
 *   logs, enterprises, workers, households: the logs in the period written
 *     by the group's cadres (people of the group, not HQ staff), deleted
 *     logs left out; a visit to an enterprise counts at least one
 *     enterprise (FB_SQL_ENTERPRISES);
 *   tickets, tickets_open, tickets_closed: the group's tickets now, deleted
 *     ones left out; open is every status but closed.
 * Only live groups (not deleted) are listed; their cadres are the people of
 * the group but HQ staff, removed people only if they wrote logs in the
 * period (CADRES_SQL of stats.c). */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "rollup.h"
#include "rollup_impl.h"

#define STATS_SQL                                                                           \
	"WITH l AS (SELECT p.city, p.group_uuid, count(*) AS logs,"                         \
	"  sum(greatest(l.enterprises, (l.activity = 'enterprise_visit')::int)) AS ent,"    \
	"  sum(l.workers) AS wk, sum(l.households) AS hh"                                   \
	"  FROM fieldbook.logs l JOIN fieldbook.people p"                                   \
	"  ON p.city = l.city AND p.uuid = l.author_uuid"                                   \
	"  WHERE l.deleted = 0 AND p.role <> 'hq' AND l.date BETWEEN $1::date AND $2::date" \
	"  GROUP BY p.city, p.group_uuid),"                                                 \
	" t AS (SELECT city, group_uuid, count(*) AS n,"                                    \
	"  count(*) FILTER (WHERE status <> 'closed') AS open,"                             \
	"  count(*) FILTER (WHERE status = 'closed') AS closed"                             \
	"  FROM fieldbook.tickets WHERE deleted = 0 GROUP BY city, group_uuid)"             \
	" SELECT g.city, g.name, coalesce(g.station, ''), '', '', coalesce(l.logs, 0),"     \
	"  coalesce(l.ent, 0), coalesce(l.wk, 0), coalesce(l.hh, 0), coalesce(t.n, 0),"     \
	"  coalesce(t.open, 0), coalesce(t.closed, 0)"                                      \
	" FROM fieldbook.work_groups g"                                                     \
	" LEFT JOIN l ON l.city = g.city AND l.group_uuid = g.uuid"                         \
	" LEFT JOIN t ON t.city = g.city AND t.group_uuid = g.uuid"                         \
	" WHERE g.deleted = 0 ORDER BY g.city, g.name, g.uuid"

/* Per cadre: the same log figures, no tickets (the columns of STATS_SQL). */
#define CADRES_SQL                                                                            \
	"SELECT p.city, g.name, coalesce(g.station, ''), p.name, p.role, count(l.uuid),"      \
	" coalesce(sum(greatest(l.enterprises, (l.activity = 'enterprise_visit')::int)), 0)," \
	" coalesce(sum(l.workers), 0), coalesce(sum(l.households), 0), 0, 0, 0"               \
	" FROM fieldbook.people p JOIN fieldbook.work_groups g"                               \
	" ON g.city = p.city AND g.uuid = p.group_uuid"                                       \
	" LEFT JOIN fieldbook.logs l ON l.city = p.city AND l.author_uuid = p.uuid"           \
	"  AND l.deleted = 0 AND l.date BETWEEN $1::date AND $2::date"                        \
	" WHERE g.deleted = 0 AND p.role <> 'hq'"                                             \
	" GROUP BY p.city, g.name, g.station, g.uuid, p.uuid, p.name, p.role, p.deleted"      \
	" HAVING p.deleted = 0 OR count(l.uuid) > 0"                                          \
	" ORDER BY p.city, g.name, g.uuid, p.role = 'leader' DESC, p.name, p.uuid"

fb_status fb_rollup_stats(const char *conninfo, const char *from, const char *to, int cadres,
                          fb_rollup_group **rows, int *nrows, fb_error *err)
{
	*rows = NULL;
	*nrows = 0;
	PGconn *c = fb_rollup_connect(conninfo, err);
	if (!c)
		return err ? err->code : FB_EIO;
	int v;
	fb_status rc = fb_rollup_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	if (!rc)
		rc = fb_rollup_version(c, &v, err);
	if (!rc && v == 0)
		rc = fb_error_set(err, FB_ESCHEMA, NULL,
		                  _("the warehouse holds no fieldbook data: push a city first"));
	else if (!rc && v > FB_ROLLUP_SCHEMA_VERSION)
		rc = fb_error_set(err, FB_ESCHEMA, NULL,
		                  _("the warehouse was made by a newer fieldbook (schema %d, this "
		                    "one knows %d)"),
		                  v, FB_ROLLUP_SCHEMA_VERSION);
	if (rc) {
		PQfinish(c);
		return rc;
	}
	const char *p[2] = {from, to};
	PGresult *r = PQexecParams(c, cadres ? CADRES_SQL : STATS_SQL, 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = fb_rollup_pgerr(c, r, err);
		PQclear(r);
		PQfinish(c);
		return rc;
	}
	int n = PQntuples(r);
	fb_rollup_group *g = calloc(n ? (size_t)n : 1, sizeof *g);
	if (!g) {
		PQclear(r);
		PQfinish(c);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	for (int i = 0; i < n; i++) {
		snprintf(g[i].city, sizeof g[i].city, "%s", PQgetvalue(r, i, 0));
		snprintf(g[i].group, sizeof g[i].group, "%s", PQgetvalue(r, i, 1));
		snprintf(g[i].station, sizeof g[i].station, "%s", PQgetvalue(r, i, 2));
		snprintf(g[i].cadre, sizeof g[i].cadre, "%s", PQgetvalue(r, i, 3));
		snprintf(g[i].role, sizeof g[i].role, "%s", PQgetvalue(r, i, 4));
		int64_t *f[] = {&g[i].logs,          &g[i].enterprises, &g[i].workers,
		                &g[i].households,    &g[i].tickets,     &g[i].tickets_open,
		                &g[i].tickets_closed};
		for (int k = 0; k < 7; k++)
			*f[k] = strtoll(PQgetvalue(r, i, 5 + k), NULL, 10);
	}
	PQclear(r);
	PQclear(PQexec(c, "COMMIT"));
	PQfinish(c);
	*rows = g;
	*nrows = n;
	return FB_OK;
}
