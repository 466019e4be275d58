/* cmd_point.c - fieldbook point|topic|pairing: contact points (联系点)
 * with their research liaison (调研联络员) and the research topics (调研课题)
 * they take up; HQ's topics of the year; an HQ leader paired with a county
 * union and its visits. Who may is the core's (point.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/point.h"
#include "cli.h"
#include "output.h"

static void point_help(void)
{
	printf(_("Usage: fieldbook point add --unit UNIT --since DATE [options]\n"
	         "       fieldbook point list [--group G] [--limit N] [--after ID]\n"
	         "                            [--format table|csv|json]\n"
	         "       fieldbook point show ID [--format text|json]\n"
	         "       fieldbook point edit ID [options]\n"
	         "       fieldbook point delete ID\n"
	         "       fieldbook point take ID --topic TOPIC\n\n"
	         "A contact point (联系点) is a unit of the ledger kept in contact for the\n"
	         "long term; a group leader or HQ writes it.\n\n"
	         "  --unit UNIT        the unit (its number or its name)\n"
	         "  --since DATE       since when it is a contact point\n"
	         "  --liaison NAME     the research liaison there (调研联络员)\n"
	         "  --liaison-phone P  their phone\n"
	         "  --leader NAME      the HQ leader responsible\n"
	         "  --note TEXT\n"
	         "  --topic TOPIC      a research topic's number (take: the point takes it up)\n"));
}

static void topic_help(void)
{
	printf(_("Usage: fieldbook topic add --year YEAR --title TEXT [--description TEXT]\n"
	         "       fieldbook topic list [--year YEAR] [--limit N] [--after ID]\n"
	         "                            [--format table|csv|json]\n"
	         "       fieldbook topic show ID [--format text|json]\n"
	         "       fieldbook topic edit ID [--year YEAR] [--title TEXT] [--description "
	         "TEXT]\n\n"
	         "Research topics (调研课题) of the year are published by HQ and travel to\n"
	         "every group in HQ's bundles; a contact point takes one up with\n"
	         "fieldbook point take.\n"));
}

static void pairing_help(void)
{
	printf(_("Usage: fieldbook pairing add --leader NAME --unit UNIT [--since DATE] [--note "
	         "TEXT]\n"
	         "       fieldbook pairing list [--year YEAR] [--limit N] [--after ID]\n"
	         "                              [--format table|csv|json]\n"
	         "       fieldbook pairing visit ID --date DATE [--mode MODE] [--note TEXT]\n\n"
	         "An HQ leader paired with a county union visits it at least twice a year:\n"
	         "on site, by video, by telephone or by WeChat (--mode). HQ writes pairings.\n"
	         "list counts the visits of --year (this year by default).\n"));
}

enum {
	O_UNIT = 256,
	O_SINCE,
	O_LIAISON,
	O_LPHONE,
	O_LEADER,
	O_NOTE,
	O_TOPIC,
	O_GROUP,
	O_YEAR,
	O_TITLE,
	O_DESC,
	O_DATE,
	O_MODE,
	O_LIMIT,
	O_AFTER,
	O_FORMAT
};

static const struct option opts[] = {
	{"unit", required_argument, NULL, O_UNIT},
	{"since", required_argument, NULL, O_SINCE},
	{"liaison", required_argument, NULL, O_LIAISON},
	{"liaison-phone", required_argument, NULL, O_LPHONE},
	{"leader", required_argument, NULL, O_LEADER},
	{"note", required_argument, NULL, O_NOTE},
	{"topic", required_argument, NULL, O_TOPIC},
	{"group", required_argument, NULL, O_GROUP},
	{"year", required_argument, NULL, O_YEAR},
	{"title", required_argument, NULL, O_TITLE},
	{"description", required_argument, NULL, O_DESC},
	{"date", required_argument, NULL, O_DATE},
	{"mode", required_argument, NULL, O_MODE},
	{"limit", required_argument, NULL, O_LIMIT},
	{"after", required_argument, NULL, O_AFTER},
	{"format", required_argument, NULL, O_FORMAT},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct pargs {
	const char *v[O_FORMAT - O_UNIT + 1];
} pargs;
#define ARG(a, o) ((a)->v[(o)-O_UNIT])

static int parse(const char *cmd, int argc, char **argv, int first, pargs *a, void (*help)(void))
{
	return cli_sub_options(cmd, argc, argv, first, opts, O_UNIT, a->v,
	                       sizeof a->v / sizeof a->v[0], help);
}

static int fail_field(fb_error *err)
{
	static const char *const map[][2] = {
		{"unit", "--unit"},
		{"since", "--since"},
		{"liaison_name", "--liaison"},
		{"liaison_phone", "--liaison-phone"},
		{"leader", "--leader"},
		{"note", "--note"},
		{"topic", "--topic"},
		{"year", "--year"},
		{"title", "--title"},
		{"description", "--description"},
		{"date", "--date"},
		{"mode", "--mode"},
		{"pairing", "ID"},
	};
	return cli_fail_field(err, map, sizeof map / sizeof map[0]);
}

static int this_year(void) { return fb_today().y; }

/* --year Y into *year when given (2000-2100); EXIT_OK or EXIT_USER. */
static int year_option(const pargs *a, int *year)
{
	long y;
	if (!ARG(a, O_YEAR))
		return EXIT_OK;
	if (cli_int("--year", ARG(a, O_YEAR), 2000, 2100, &y))
		return EXIT_USER;
	*year = (int)y;
	return EXIT_OK;
}

/* A command on one record: the ID, then the options into *a. EXIT_OK or the
 * exit code (-1 from parsing: --help shown). */
static int parse_id(const char *cmd, int argc, char **argv, void (*help)(void), int64_t *id, pargs *a)
{
	int rc = cli_arg_id(cmd, argc, argv, help, id);
	return rc ? rc : parse(cmd, argc, argv, 3, a, help);
}

/* parse_id, then the store: EXIT_OK or the exit code (-1: --help shown). */
static int parse_id_store(fb_cli *cli, const char *cmd, int argc, char **argv, void (*help)(void),
                          int64_t *id, pargs *a)
{
	int rc = parse_id(cmd, argc, argv, help, id, a);
	if (rc)
		return rc;
	return cli_store(cli, 0) ? EXIT_OK : EXIT_USER;
}

/* A show command's opening: the ID, the options, --format (text or json)
 * and the store. EXIT_OK or the exit code (-1 from parsing: --help shown). */
static int parse_show(fb_cli *cli, const char *cmd, int argc, char **argv, void (*help)(void),
                      int64_t *id, fb_format *fmt)
{
	pargs a;
	int rc = parse_id(cmd, argc, argv, help, id, &a);
	if (rc || (rc = cli_show_format(cmd, ARG(&a, O_FORMAT), fmt)))
		return rc;
	return cli_store(cli, 0) ? EXIT_OK : EXIT_USER;
}

/* A list command's opening: the options (from argv[2]), --format, --limit and
 * --after into l and *after, --year into *year when year is not NULL, then the
 * store. EXIT_OK or the exit code (-1 from parsing: --help shown). */
static int list_open(fb_cli *cli, const char *cmd, int argc, char **argv, void (*help)(void),
                     pargs *a, cli_list *l, int64_t *after, int *year)
{
	int rc = parse(cmd, argc, argv, 2, a, help);
	if (rc)
		return rc;
	if ((rc = cli_list_options(cmd, ARG(a, O_FORMAT), ARG(a, O_LIMIT), ARG(a, O_AFTER), &l->fmt,
	                           &l->limit, after)) ||
	    (year && (rc = year_option(a, year))))
		return rc;
	return cli_store(cli, 0) ? EXIT_OK : EXIT_USER;
}

/* Put the options of opt[0..n) that were given into *text[i], freeing
 * owned[i] (the value it had, if the record's) and forgetting it. */
static void take_texts(const pargs *a, const int *opt, char **const *text, char **owned, int n)
{
	for (int i = 0; i < n; i++)
		if (ARG(a, opt[i])) {
			free(owned[i]);
			owned[i] = NULL;
			*text[i] = (char *)ARG(a, opt[i]);
		}
}

/* ------------------------------------------------------------ lists */

/* The records of this file; their three lists (point, topic, pairing list)
 * run on one engine, their two show commands on another. */
enum kind { L_POINT, L_TOPIC, L_PAIRING };

/* A point or a topic as read for show and --after. */
union rec {
	fb_point p;
	fb_topic t;
};

/* Record id of kind (L_POINT or L_TOPIC) into *r (rec_free); EXIT_OK, or
 * the exit code after saying there is none. */
static int rec_get(fb_cli *cli, enum kind kind, int64_t id, union rec *r)
{
	fb_error err = {0};
	fb_status rc = kind == L_POINT ? fb_point_get(cli->st, id, &r->p, &err)
	                               : fb_topic_get(cli->st, id, &r->t, &err);
	return rc ? cli_fail(&err) : EXIT_OK;
}

static void rec_free(enum kind kind, union rec *r)
{
	if (kind == L_POINT)
		fb_point_free(&r->p);
	else
		fb_topic_free(&r->t);
}

struct plist {
	fb_cli *cli;
	enum kind kind;
	int64_t group; /* point list: --group (0: every group) */
	int year;      /* topic list: --year (0: every year); pairing list: visits of --year */
	union {
		fb_point_row point[CLI_LIST_BATCH];
		fb_topic_row topic[CLI_LIST_BATCH];
		fb_pairing_row pairing[CLI_LIST_BATCH];
	} rows;
};

static int plist_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct plist *pl = ctx;
	fb_store *st = pl->cli->st;
	switch (pl->kind) {
	case L_POINT: return fb_point_page(st, pl->group, dir, cur, pl->rows.point, want, err);
	case L_TOPIC: return fb_topic_page(st, pl->year, dir, cur, pl->rows.topic, want, err);
	default: return fb_pairing_page(st, pl->year, dir, cur, pl->rows.pairing, want, err);
	}
}

static int64_t plist_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct plist *pl = ctx;
	switch (pl->kind) {
	case L_POINT: fb_point_row_cursor(&pl->rows.point[i], cur); return pl->rows.point[i].id;
	case L_TOPIC: fb_topic_row_cursor(&pl->rows.topic[i], cur); return pl->rows.topic[i].id;
	default: fb_pairing_row_cursor(&pl->rows.pairing[i], cur); return pl->rows.pairing[i].id;
	}
}

/* The cursor just past record after (--after) of pl's kind into *cur:
 * EXIT_OK, or the exit code when there is no such record. */
static int plist_after(const struct plist *pl, int64_t after, fb_cursor *cur)
{
	if (pl->kind == L_PAIRING) {
		fb_pairing_row r = {.id = after};
		fb_pairing_row_cursor(&r, cur);
		return EXIT_OK;
	}
	union rec rec;
	int rc = rec_get(pl->cli, pl->kind, after, &rec);
	if (rc)
		return rc;
	if (pl->kind == L_POINT) {
		fb_point_row r = {.id = rec.p.id};
		snprintf(r.since, sizeof r.since, "%s", rec.p.since);
		fb_point_row_cursor(&r, cur);
	} else {
		fb_topic_row r = {.id = rec.t.id, .year = rec.t.year};
		fb_topic_row_cursor(&r, cur);
	}
	rec_free(pl->kind, &rec);
	return EXIT_OK;
}

/* Run the list command cmd ("point list", ...) of kind with its columns and
 * row writer: options, store, --group or --year, --after, the pages. */
static int plist_run(fb_cli *cli, enum kind kind, const char *cmd, int argc, char **argv,
                     void (*help)(void), const fb_column *cols, int ncols,
                     int (*emit)(void *ctx, int i, fb_table *t, fb_error *err))
{
	static struct plist pl;
	memset(&pl, 0, sizeof pl);
	pl.cli = cli;
	pl.kind = kind;
	if (kind == L_PAIRING)
		pl.year = this_year();
	cli_list l = {.cols = cols, .ncols = ncols, .ctx = &pl, .emit = emit};
	l.fetch = plist_fetch, l.cursor = plist_cursor;
	pargs a;
	int64_t after;
	int rc = list_open(cli, cmd, argc, argv, help, &a, &l, &after,
	                   kind == L_POINT ? NULL : &pl.year);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (kind == L_POINT && ARG(&a, O_GROUP) &&
	    cli_group(cli, "--group", ARG(&a, O_GROUP), &pl.group))
		return EXIT_USER;
	fb_cursor cur = {0};
	if (after && (rc = plist_after(&pl, after, &cur)))
		return rc;
	char what[40];
	snprintf(what, sizeof what, "fieldbook %s", cmd);
	return cli_list_run(&l, after ? FB_PAGE_NEXT : FB_PAGE_FIRST, &cur, what);
}

/* A show command (point show, topic show) of kind: the record, written by
 * json (its fields into an open object) or text. */
static int show_run(fb_cli *cli, enum kind kind, const char *cmd, int argc, char **argv,
                    void (*help)(void), void (*json)(cli_jobj *o, const union rec *r),
                    void (*text)(const union rec *r))
{
	int64_t id = 0;
	fb_format fmt;
	union rec r;
	int rc = parse_show(cli, cmd, argc, argv, help, &id, &fmt);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = rec_get(cli, kind, id, &r)))
		return rc;
	if (fmt == FB_FMT_JSON) {
		cli_jobj o;
		cli_jobj_begin(&o, stdout);
		json(&o, &r);
		cli_jobj_end(&o);
		putchar('\n');
	} else {
		text(&r);
	}
	rec_free(kind, &r);
	return EXIT_OK;
}

/* ------------------------------------------------------------ point */

static int point_fill(fb_cli *cli, const pargs *a, fb_point *p, char **owned)
{
	const char *s;
	if ((s = ARG(a, O_UNIT)) && cli_unit(cli, "--unit", 0, s, &p->unit_id))
		return EXIT_USER;
	if ((s = ARG(a, O_SINCE)) && cli_date("--since", s, p->since))
		return EXIT_USER;
	if ((s = ARG(a, O_LEADER)) && cli_person(cli, "--leader", s, &p->leader_id))
		return EXIT_USER;
	char **text[] = {&p->liaison_name, &p->liaison_phone, &p->note};
	static const int opt[] = {O_LIAISON, O_LPHONE, O_NOTE};
	take_texts(a, opt, text, owned, 3);
	return EXIT_OK;
}

static int point_add(fb_cli *cli, int argc, char **argv)
{
	pargs a;
	int rc = parse("point add", argc, argv, 2, &a, point_help);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_UNIT))
		return cli_usage("point add", _("%s is required"), "--unit");
	if (!ARG(&a, O_SINCE))
		return cli_usage("point add", _("%s is required"), "--since");
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_point p = {0};
	char *owned[3] = {0};
	if (point_fill(cli, &a, &p, owned))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_point_save(cli->st, &p, &err))
		return fail_field(&err);
	cli_printf(_("Contact point %lld.\n"), (long long)p.id);
	return EXIT_OK;
}

static int point_edit(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	pargs a;
	int rc = parse_id_store(cli, "point edit", argc, argv, point_help, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_point p;
	fb_error err = {0};
	if (fb_point_get(cli->st, id, &p, &err))
		return cli_fail(&err);
	char *owned[3] = {p.liaison_name, p.liaison_phone, p.note};
	rc = point_fill(cli, &a, &p, owned);
	if (!rc && fb_point_save(cli->st, &p, &err))
		rc = fail_field(&err);
	else if (!rc)
		cli_printf(_("Contact point %lld, changed.\n"), (long long)p.id);
	for (int i = 0; i < 3; i++)
		free(owned[i]);
	free(p.unit_name);
	free(p.leader_name);
	return rc;
}

static int point_delete(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	pargs a;
	int rc = parse_id_store(cli, "point delete", argc, argv, point_help, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_error err = {0};
	if (fb_point_delete(cli->st, id, &err))
		return cli_fail(&err);
	cli_printf(_("Contact point %lld removed.\n"), (long long)id);
	return EXIT_OK;
}

static int point_take(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0, topic = 0;
	pargs a;
	int rc = parse_id("point take", argc, argv, point_help, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_TOPIC))
		return cli_usage("point take", _("%s is required"), "--topic");
	if (cli_id("--topic", ARG(&a, O_TOPIC), &topic) || !cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_point_take_topic(cli->st, id, topic, &err))
		return fail_field(&err);
	cli_printf(_("Contact point %lld takes up research topic %lld.\n"), (long long)id,
	           (long long)topic);
	return EXIT_OK;
}

static void point_json(cli_jobj *o, const union rec *r)
{
	const fb_point *p = &r->p;
	cli_jobj_int(o, "id", p->id);
	cli_jobj_str(o, "uuid", p->uuid);
	cli_jobj_int(o, "group_id", p->group_id);
	cli_jobj_int(o, "unit_id", p->unit_id);
	cli_jobj_str(o, "unit", p->unit_name);
	cli_jobj_str(o, "since", p->since);
	cli_jobj_str(o, "liaison_name", p->liaison_name);
	cli_jobj_str(o, "liaison_phone", p->liaison_phone);
	cli_jobj_int(o, "leader_id", p->leader_id);
	cli_jobj_str(o, "leader", p->leader_name);
	cli_jobj_str(o, "note", p->note);
}

static void point_text(const union rec *r)
{
	const fb_point *p = &r->p;
	cli_printf(_("Contact point %lld: %s\n"), (long long)p->id, p->unit_name);
	cli_printf(_("%s: %s\n"), _("Since"), p->since);
	if (p->liaison_name[0] || p->liaison_phone[0])
		cli_printf(_("%s: %s %s\n"), _("Research liaison"), p->liaison_name,
		           p->liaison_phone);
	if (p->leader_name[0])
		cli_printf(_("%s: %s\n"), _("HQ leader responsible"), p->leader_name);
	if (p->note[0])
		cli_printf(_("%s: %s\n"), _("Note"), p->note);
}

static int point_show(fb_cli *cli, int argc, char **argv)
{
	return show_run(cli, L_POINT, "point show", argc, argv, point_help, point_json, point_text);
}

static int point_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	const fb_point_row *r = &((struct plist *)ctx)->rows.point[i];
	(void)err;
	char id[24], topics[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(topics, sizeof topics, "%d", r->topics);
	const char *cells[] = {id, r->since, r->unit, r->group, r->leader, topics};
	return fb_table_row(t, cells);
}

static int point_list(fb_cli *cli, int argc, char **argv)
{
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"since", N_("Since"), 10, 0, 0},
		{"unit", N_("Unit"), 36, 0, 0},
		{"group", N_("Work group"), 16, 0, 0},
		{"leader", N_("HQ leader responsible"), 12, 0, 0},
		{"topics", N_("Topics"), 6, 1, 1},
	};
	return plist_run(cli, L_POINT, "point list", argc, argv, point_help, cols, 6, point_emit);
}

int cmd_point(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", point_add},   {"list", point_list},     {"show", point_show},
		{"edit", point_edit}, {"delete", point_delete}, {"take", point_take},
	};
	return cli_subcommand(cli, "point", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      point_help);
}

/* ------------------------------------------------------------ topic */

static int topic_fill(const pargs *a, fb_topic *t, char **owned)
{
	if (year_option(a, &t->year))
		return EXIT_USER;
	char **text[] = {&t->title, &t->description};
	static const int opt[] = {O_TITLE, O_DESC};
	take_texts(a, opt, text, owned, 2);
	return EXIT_OK;
}

static int topic_add(fb_cli *cli, int argc, char **argv)
{
	pargs a;
	int rc = parse("topic add", argc, argv, 2, &a, topic_help);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_TITLE))
		return cli_usage("topic add", _("%s is required"), "--title");
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_topic t = {.year = this_year()};
	char *owned[2] = {0};
	if (topic_fill(&a, &t, owned))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_topic_save(cli->st, &t, &err))
		return fail_field(&err);
	cli_printf(_("Research topic %lld (%d).\n"), (long long)t.id, t.year);
	return EXIT_OK;
}

static int topic_edit(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	pargs a;
	int rc = parse_id_store(cli, "topic edit", argc, argv, topic_help, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_topic t;
	fb_error err = {0};
	if (fb_topic_get(cli->st, id, &t, &err))
		return cli_fail(&err);
	char *owned[2] = {t.title, t.description};
	rc = topic_fill(&a, &t, owned);
	if (!rc && fb_topic_save(cli->st, &t, &err))
		rc = fail_field(&err);
	else if (!rc)
		cli_printf(_("Research topic %lld, changed.\n"), (long long)t.id);
	for (int i = 0; i < 2; i++)
		free(owned[i]);
	return rc;
}

static void topic_json(cli_jobj *o, const union rec *r)
{
	const fb_topic *t = &r->t;
	cli_jobj_int(o, "id", t->id);
	cli_jobj_str(o, "uuid", t->uuid);
	cli_jobj_int(o, "year", t->year);
	cli_jobj_str(o, "title", t->title);
	cli_jobj_str(o, "description", t->description);
	cli_jobj_int(o, "published_by", t->published_by);
}

static void topic_text(const union rec *r)
{
	const fb_topic *t = &r->t;
	cli_printf(_("Research topic %lld (%d): %s\n"), (long long)t->id, t->year, t->title);
	if (t->description[0])
		cli_printf("%s\n", t->description);
}

static int topic_show(fb_cli *cli, int argc, char **argv)
{
	return show_run(cli, L_TOPIC, "topic show", argc, argv, topic_help, topic_json, topic_text);
}

static int topic_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	const fb_topic_row *r = &((struct plist *)ctx)->rows.topic[i];
	(void)err;
	char id[24], year[12], points[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(year, sizeof year, "%d", r->year);
	snprintf(points, sizeof points, "%d", r->points);
	const char *cells[] = {id, year, r->title, points};
	return fb_table_row(t, cells);
}

static int topic_list(fb_cli *cli, int argc, char **argv)
{
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"year", N_("Topic year"), 4, 1, 1},
		{"title", N_("Research topic"), 40, 0, 0},
		{"points", N_("Contact points"), 6, 1, 1},
	};
	return plist_run(cli, L_TOPIC, "topic list", argc, argv, topic_help, cols, 4, topic_emit);
}

int cmd_topic(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", topic_add},
		{"list", topic_list},
		{"show", topic_show},
		{"edit", topic_edit},
	};
	return cli_subcommand(cli, "topic", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      topic_help);
}

/* ---------------------------------------------------------- pairing */

static int pairing_add(fb_cli *cli, int argc, char **argv)
{
	pargs a;
	int rc = parse("pairing add", argc, argv, 2, &a, pairing_help);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_LEADER))
		return cli_usage("pairing add", _("%s is required"), "--leader");
	if (!ARG(&a, O_UNIT))
		return cli_usage("pairing add", _("%s is required"), "--unit");
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_pairing p = {.note = (char *)ARG(&a, O_NOTE)};
	fb_date_format(fb_today(), p.since);
	if (cli_person(cli, "--leader", ARG(&a, O_LEADER), &p.leader_id) ||
	    cli_unit(cli, "--unit", 0, ARG(&a, O_UNIT), &p.unit_id) ||
	    (ARG(&a, O_SINCE) && cli_date("--since", ARG(&a, O_SINCE), p.since)))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_pairing_save(cli->st, &p, &err))
		return fail_field(&err);
	cli_printf(_("Pairing %lld.\n"), (long long)p.id);
	return EXIT_OK;
}

static int pairing_visit(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	pargs a;
	int rc = parse_id("pairing visit", argc, argv, pairing_help, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_DATE))
		return cli_usage("pairing visit", _("%s is required"), "--date");
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_pairing_visit v = {.pairing_id = id, .note = (char *)ARG(&a, O_NOTE)};
	if (cli_date("--date", ARG(&a, O_DATE), v.date) ||
	    (ARG(&a, O_MODE) && cli_code(cli, FB_CAT_MODE, "--mode", ARG(&a, O_MODE), v.mode)))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_pairing_visit_add(cli->st, &v, &err))
		return fail_field(&err);
	cli_printf(_("Visit %lld of pairing %lld on %s.\n"), (long long)v.id, (long long)id, v.date);
	return EXIT_OK;
}

static int pairing_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	const fb_pairing_row *r = &((struct plist *)ctx)->rows.pairing[i];
	(void)err;
	char id[24], visits[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(visits, sizeof visits, "%d/%d", r->visits_year, FB_PAIRING_VISITS_A_YEAR);
	const char *cells[] = {id, r->leader, r->unit, r->since, visits};
	return fb_table_row(t, cells);
}

static int pairing_list(fb_cli *cli, int argc, char **argv)
{
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"leader", N_("HQ leader"), 12, 0, 0},
		{"unit", N_("County union"), 36, 0, 0},
		{"since", N_("Since"), 10, 0, 0},
		{"visits", N_("Visits this year"), 8, 1, 1},
	};
	return plist_run(cli, L_PAIRING, "pairing list", argc, argv, pairing_help, cols, 5,
	                 pairing_emit);
}

int cmd_pairing(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", pairing_add},
		{"list", pairing_list},
		{"visit", pairing_visit},
	};
	return cli_subcommand(cli, "pairing", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      pairing_help);
}
