/* cmd_log.c - fieldbook log add|list|show|edit|rm|undelete. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void log_help(void)
{
	printf(_("Usage: fieldbook log add --author NAME --unit UNIT --activity KIND --content "
	         "TEXT\n"
	         "                         [--date DATE] [fields...]\n"
	         "       fieldbook log list [--from DATE] [--to DATE] [--author NAME] [--group G]\n"
	         "                          [--activity KIND] [--search WORDS] [--limit N]\n"
	         "                          [--after ID] [--asc] [--format table|csv|json]\n"
	         "       fieldbook log show ID [--format text|json]\n"
	         "       fieldbook log edit ID [fields...]\n"
	         "       fieldbook log rm ID\n"
	         "       fieldbook log undelete ID\n\n"
	         "Fields:\n"
	         "  --author NAME          who wrote it (a person of a work group)\n"
	         "  --date DATE            the day (default today; 2026-11-22 or 2026年11月22日)\n"
	         "  --unit UNIT            the unit visited: enterprise, union, household\n"
	         "  --activity KIND        enterprise_visit, worker_visit, symposium, ... or "
	         "走进企业\n"
	         "  --enterprise-kinds L   kinds of enterprise met, e.g. difficulty,small_private\n"
	         "  --worker-kinds L       kinds of worker met, e.g. frontline,migrant\n"
	         "  --enterprises N        enterprises visited\n"
	         "  --workers N            workers talked to\n"
	         "  --households N         worker households visited\n"
	         "  --content TEXT         what was done and learned (required)\n"
	         "  --findings TEXT        problems found\n"
	         "  --actions TEXT         what was done about them\n"
	         "  --next TEXT            next step\n"));
}

enum {
	O_AUTHOR = 256,
	O_DATE,
	O_UNIT,
	O_ACT,
	O_EKINDS,
	O_WKINDS,
	O_ENTS,
	O_WORKERS,
	O_HOUSES,
	O_CONTENT,
	O_FINDINGS,
	O_ACTIONS,
	O_NEXT,
	O_FROM,
	O_TO,
	O_GROUP,
	O_SEARCH,
	O_LIMIT,
	O_AFTER,
	O_ASC,
	O_FORMAT
};

static const struct option log_opts[] = {
	{"author", required_argument, NULL, O_AUTHOR},
	{"date", required_argument, NULL, O_DATE},
	{"unit", required_argument, NULL, O_UNIT},
	{"activity", required_argument, NULL, O_ACT},
	{"enterprise-kinds", required_argument, NULL, O_EKINDS},
	{"worker-kinds", required_argument, NULL, O_WKINDS},
	{"enterprises", required_argument, NULL, O_ENTS},
	{"workers", required_argument, NULL, O_WORKERS},
	{"households", required_argument, NULL, O_HOUSES},
	{"content", required_argument, NULL, O_CONTENT},
	{"findings", required_argument, NULL, O_FINDINGS},
	{"actions", required_argument, NULL, O_ACTIONS},
	{"next", required_argument, NULL, O_NEXT},
	{"from", required_argument, NULL, O_FROM},
	{"to", required_argument, NULL, O_TO},
	{"group", required_argument, NULL, O_GROUP},
	{"search", required_argument, NULL, O_SEARCH},
	{"limit", required_argument, NULL, O_LIMIT},
	{"after", required_argument, NULL, O_AFTER},
	{"asc", no_argument, NULL, O_ASC},
	{"format", required_argument, NULL, O_FORMAT},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

/* Options as given; NULL when absent, so edit changes only what is given. */
typedef struct log_args {
	const char *v[O_FORMAT - O_AUTHOR + 1];
} log_args;
#define ARG(a, o) ((a)->v[(o)-O_AUTHOR])

/* The options of a log subcommand (argv[first..]) into a: 0, -1 after
 * --help, or the exit code of a mistake (said). */
static int parse(int argc, char **argv, int first, log_args *a)
{
	return cli_sub_options("log", argc, argv, first, log_opts, O_AUTHOR, a->v,
	                       sizeof a->v / sizeof a->v[0], log_help);
}

/* Room for the values apply_fields makes (the log points into it). */
typedef struct log_bufs {
	char date[11];
	char activity[CLI_CODE_SIZE];
} log_bufs;

/* Apply the given field options onto a log. Strings point into argv or
 * into buf; the caller owns nothing new. */
static int apply_fields(fb_cli *cli, log_args *a, fb_log *log, log_bufs *buf)
{
	static const struct {
		int opt;
		const char *name, *field;
	} nums[] = {
		{O_ENTS, "--enterprises", "enterprises"},
		{O_WORKERS, "--workers", "workers"},
		{O_HOUSES, "--households", "households"},
	};
	const char *s;
	fb_error err = {0};
	if ((s = ARG(a, O_AUTHOR)) && cli_person(cli, "--author", s, &log->author_id))
		return EXIT_USER;
	if ((s = ARG(a, O_DATE))) {
		if (cli_date("--date", s, buf->date))
			return EXIT_USER;
		log->date = buf->date;
	}
	if ((s = ARG(a, O_UNIT)))
		log->unit = (char *)s;
	if ((s = ARG(a, O_ACT))) {
		if (cli_code(cli, FB_CAT_ACTIVITY, "--activity", s, buf->activity))
			return EXIT_USER;
		log->activity = buf->activity;
	}
	if ((s = ARG(a, O_EKINDS)) &&
	    fb_category_mask_parse(cli->st, FB_CAT_ENTERPRISE, s, &log->enterprise_kinds,
	                           "--enterprise-kinds", &err))
		return cli_fail(&err);
	if ((s = ARG(a, O_WKINDS)) &&
	    fb_category_mask_parse(cli->st, FB_CAT_WORKER, s, &log->worker_kinds, "--worker-kinds",
	                           &err))
		return cli_fail(&err);
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		if (!(s = ARG(a, nums[i].opt)))
			continue;
		int64_t *dst = nums[i].opt == O_ENTS      ? &log->enterprises
		               : nums[i].opt == O_WORKERS ? &log->workers
		                                          : &log->households;
		if (cli_count(nums[i].name, s, "logs", nums[i].field, dst))
			return EXIT_USER;
	}
	if ((s = ARG(a, O_CONTENT)))
		log->content = (char *)s;
	if ((s = ARG(a, O_FINDINGS)))
		log->findings = (char *)s;
	if ((s = ARG(a, O_ACTIONS)))
		log->actions = (char *)s;
	if ((s = ARG(a, O_NEXT)))
		log->next_step = (char *)s;
	return EXIT_OK;
}

/* Core field names to the options that set them, for error messages. */
static int fail_field(fb_error *err)
{
	static const char *const map[][2] = {
		{"author", "--author"},
		{"date", "--date"},
		{"unit", "--unit"},
		{"activity", "--activity"},
		{"enterprise_kinds", "--enterprise-kinds"},
		{"worker_kinds", "--worker-kinds"},
		{"enterprises", "--enterprises"},
		{"workers", "--workers"},
		{"households", "--households"},
		{"content", "--content"},
		{"findings", "--findings"},
		{"actions", "--actions"},
		{"next_step", "--next"},
	};
	return cli_fail_field(err, map, sizeof map / sizeof map[0]);
}

/* The name of a log option. */
static const char *opt_name(int val)
{
	for (const struct option *o = log_opts; o->name; o++)
		if (o->val == val)
			return o->name;
	return "?";
}

/* add and edit take fields only: a list option there is a mistake, not
 * something to ignore. */
static int fields_only(const char *cmd, const log_args *a)
{
	for (int o = O_FROM; o <= O_FORMAT; o++)
		if (ARG(a, o))
			return cli_usage(cmd,
			                 _("--%s is an option of 'log list', not of this command"),
			                 opt_name(o));
	return EXIT_OK;
}

#define LOG_WARNINGS 4 /* more kinds than fb_log_warnings has */

/* Save log (insert, or update when it has an id), telling on stderr what
 * fb_log_warnings found: asked before the save, said after it. */
static int save_log(fb_cli *cli, fb_log *log)
{
	fb_error err = {0};
	fb_warning w[LOG_WARNINGS];
	int nw = fb_log_warnings(cli->st, log, w, LOG_WARNINGS, &err);
	if (nw < 0)
		return cli_fail(&err);
	int64_t id = log->id;
	if ((id ? fb_log_update(cli->st, log, &err) : fb_log_insert(cli->st, log, &err)) != FB_OK)
		return fail_field(&err);
	if (id)
		cli_printf(_("Daily log %lld updated.\n"), (long long)id);
	else
		cli_printf(_("Daily log %lld saved.\n"), (long long)log->id);
	for (int i = 0; i < nw; i++)
		cli_note(_("warning: %s"), w[i].msg);
	return EXIT_OK;
}

static int log_add(fb_cli *cli, int argc, char **argv)
{
	log_args a;
	int rc = parse(argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = fields_only("log add", &a)))
		return rc;
	if (!ARG(&a, O_AUTHOR) && !cli->as)
		return cli_usage("log add", _("--author is required (or --as: whoever signs in)"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	char today[11];
	log_bufs buf;
	fb_log log = {0};
	log.date = fb_date_format(fb_today(), today);
	if ((rc = apply_fields(cli, &a, &log, &buf)))
		return rc;
	if (!log.author_id) /* no --author: whoever signed in */
		log.author_id = fb_store_actor(cli->st);
	return save_log(cli, &log);
}

static int log_edit(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	log_args a;
	int rc = cli_arg_id("log edit", argc, argv, log_help, &id);
	if (rc || (rc = parse(argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = fields_only("log edit", &a)))
		return rc;
	int given = 0;
	for (int o = O_AUTHOR; o <= O_NEXT; o++)
		given |= ARG(&a, o) != NULL;
	if (!given)
		return cli_usage("log edit", _("nothing to change: give the fields to change, "
		                               "e.g. --content TEXT"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_log log, orig;
	fb_error err = {0};
	if (fb_log_get(cli->st, id, 0, &orig, &err) != FB_OK)
		return cli_fail(&err);
	log = orig;
	log_bufs buf;
	if ((rc = apply_fields(cli, &a, &log, &buf)) == EXIT_OK)
		rc = save_log(cli, &log);
	fb_log_free(&orig);
	return rc;
}

static int log_rm(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	int rc = cli_arg_id("log rm", argc, argv, log_help, &id);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (argc > 3)
		return cli_usage("log rm", _("unexpected argument '%s'"), argv[3]);
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_log_delete(cli->st, id, &err) != FB_OK)
		return cli_fail(&err);
	cli_printf(_("Daily log %lld deleted.\n"), (long long)id);
	return EXIT_OK;
}

/* log undelete ID: a deleted log is live again (its history says who). */
static int log_undelete(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	int rc = cli_arg_id("log undelete", argc, argv, log_help, &id);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (argc > 3)
		return cli_usage("log undelete", _("unexpected argument '%s'"), argv[3]);
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_log_undelete(cli->st, id, &err) != FB_OK)
		return cli_fail(&err);
	cli_printf(_("Daily log %lld restored.\n"), (long long)id);
	return EXIT_OK;
}

/* "Label: value" for a person (nothing when value is empty). */
static void field(const char *label, const char *value)
{
	if (value && *value)
		cli_printf(_("%s: %s\n"), label, value);
}

static void show_json(const fb_log *l, const char *ek, const char *wk)
{
	cli_jobj o;
	cli_jobj_begin(&o, stdout);
	cli_jobj_int(&o, "id", l->id);
	cli_jobj_str(&o, "uuid", l->uuid);
	cli_jobj_str(&o, "date", l->date);
	cli_jobj_str(&o, "author", l->author_name);
	cli_jobj_str(&o, "unit", l->unit);
	cli_jobj_str(&o, "activity", l->activity);
	cli_jobj_str(&o, "enterprise_kinds", ek);
	cli_jobj_str(&o, "worker_kinds", wk);
	cli_jobj_int(&o, "enterprises", l->enterprises);
	cli_jobj_int(&o, "workers", l->workers);
	cli_jobj_int(&o, "households", l->households);
	cli_jobj_str(&o, "content", l->content);
	cli_jobj_str(&o, "findings", l->findings);
	cli_jobj_str(&o, "actions", l->actions);
	cli_jobj_str(&o, "next_step", l->next_step);
	cli_jobj_int(&o, "rev", l->rev);
	cli_jobj_str(&o, "origin", l->origin);
	cli_jobj_str(&o, "updated_at", l->updated_at);
	cli_jobj_end(&o);
	putchar('\n');
}

static void show_text(fb_cli *cli, const fb_log *l, const char *ek, const char *wk)
{
	static const char *const wd[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	                                 N_("Fri"), N_("Sat"), N_("Sun")};
	fb_date d;
	int valid = fb_date_parse(l->date, &d, "date", NULL) == FB_OK;
	cli_printf(_("Daily log %lld\n"), (long long)l->id);
	cli_printf(_("%s: %s %s\n"), _("Date"), l->date, valid ? _(wd[fb_date_weekday(d)]) : "");
	field(_("Author"), l->author_name);
	field(_("Unit visited"), l->unit);
	field(_("Activity"), fb_category_label(cli->st, FB_CAT_ACTIVITY, l->activity));
	field(_("Kinds of enterprise"), ek);
	field(_("Kinds of worker"), wk);
	cli_printf(_("Visited: %lld enterprises, %lld workers, %lld households\n"),
	           (long long)l->enterprises, (long long)l->workers, (long long)l->households);
	field(_("Content"), l->content);
	field(_("Problems found"), l->findings);
	field(_("Actions taken"), l->actions);
	field(_("Next step"), l->next_step);
}

static int log_show(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	log_args a;
	int rc = cli_arg_id("log show", argc, argv, log_help, &id);
	if (rc || (rc = parse(argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = cli_show_format("log show", ARG(&a, O_FORMAT), &fmt)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_log l;
	fb_error err = {0};
	if (fb_log_get(cli->st, id, 0, &l, &err) != FB_OK)
		return cli_fail(&err);
	char ek[512], wk[512];
	fb_category_mask_format(cli->st, FB_CAT_ENTERPRISE, l.enterprise_kinds, fmt == FB_FMT_TEXT,
	                        ek, sizeof ek);
	fb_category_mask_format(cli->st, FB_CAT_WORKER, l.worker_kinds, fmt == FB_FMT_TEXT, wk,
	                        sizeof wk);
	if (fmt == FB_FMT_JSON)
		show_json(&l, ek, wk);
	else
		show_text(cli, &l, ek, wk);
	rc = fmt == FB_FMT_TEXT ? cli_history_print(cli, _("History:"), "logs", l.uuid) : EXIT_OK;
	fb_log_free(&l);
	return rc;
}

/* log list: the filter, the page being shown, the output format. */
struct log_list {
	fb_cli *cli;
	fb_log_filter f;
	fb_format fmt;
	fb_log_row rows[CLI_LIST_BATCH];
};

/* cli_list hooks: a page of logs into ll->rows (count, -1 on error). */
static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct log_list *ll = ctx;
	return fb_log_page(ll->cli->st, &ll->f, dir, cur, ll->rows, want, err);
}

/* Row i into the table: labels and local times for people, codes for CSV and JSON. */
static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	struct log_list *ll = ctx;
	const fb_log_row *r = &ll->rows[i];
	char id[24], workers[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(workers, sizeof workers, "%lld", (long long)r->workers);
	int table = ll->fmt == FB_FMT_TABLE;
	const char *act =
		table ? fb_category_label(ll->cli->st, FB_CAT_ACTIVITY, r->activity) : r->activity;
	/* A table shows the start of the text; CSV and JSON carry all of it. */
	fb_log full = {0};
	if (!table && fb_log_get(ll->cli->st, r->id, 1, &full, err) != FB_OK)
		return -1;
	const char *cells[] = {
		id, r->date, r->author, act, r->unit, workers, table ? r->excerpt : full.content};
	int rc = fb_table_row(t, cells);
	fb_log_free(&full);
	return rc;
}

/* Row i's id, and its keyset cursor into cur. */
static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct log_list *ll = ctx;
	fb_log_row_cursor(&ll->rows[i], &ll->f, cur);
	return ll->rows[i].id;
}

/* The list's filter from the options; EXIT_OK or the exit code. */
static int list_filter(fb_cli *cli, log_args *a, fb_log_filter *f, char from[11], char to[11],
                       char activity[CLI_CODE_SIZE])
{
	const char *s;
	*f = (fb_log_filter){.ascending = ARG(a, O_ASC) != NULL, .text = ARG(a, O_SEARCH)};
	if ((s = ARG(a, O_FROM))) {
		if (cli_date("--from", s, from))
			return EXIT_USER;
		f->date_from = from;
	}
	if ((s = ARG(a, O_TO))) {
		if (cli_date("--to", s, to))
			return EXIT_USER;
		f->date_to = to;
	}
	if ((s = ARG(a, O_AUTHOR)) && cli_person(cli, "--author", s, &f->author_id))
		return EXIT_USER;
	if ((s = ARG(a, O_GROUP)) && cli_group(cli, "--group", s, &f->group_id))
		return EXIT_USER;
	if ((s = ARG(a, O_ACT))) {
		if (cli_code(cli, FB_CAT_ACTIVITY, "--activity", s, activity))
			return EXIT_USER;
		f->activity = activity;
	}
	return EXIT_OK;
}

static int log_list(fb_cli *cli, int argc, char **argv)
{
	log_args a;
	int rc = parse(argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct log_list ll = {.cli = cli, .fmt = FB_FMT_TABLE};
	long limit;
	int64_t after;
	if ((rc = cli_list_options("log list", ARG(&a, O_FORMAT), ARG(&a, O_LIMIT),
	                           ARG(&a, O_AFTER), &ll.fmt, &limit, &after)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	char from[11], to[11], activity[CLI_CODE_SIZE];
	if ((rc = list_filter(cli, &a, &ll.f, from, to, activity)))
		return rc;
	fb_cursor cur = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	fb_error err = {0};
	if (after) {
		fb_log l;
		if (fb_log_get(cli->st, after, 1, &l, &err) != FB_OK)
			return cli_fail(&err);
		fb_log_row r = {.id = l.id};
		snprintf(r.date, sizeof r.date, "%s", l.date);
		fb_log_row_cursor(&r, &ll.f, &cur);
		dir = FB_PAGE_NEXT;
		fb_log_free(&l);
	}
	static const fb_column cols[] = {
		{"id", N_("ID"), 9, 1, 1},
		{"date", N_("Date"), 10, 0, 0},
		{"author", N_("Author"), 8, 0, 0},
		{"activity", N_("Activity"), 12, 0, 0},
		{"unit", N_("Unit visited"), 28, 0, 0},
		{"workers", N_("Workers"), 7, 1, 1},
		{"content", N_("Content"), 40, 0, 0},
	};
	cli_list l = {.fmt = ll.fmt,
	              .cols = cols,
	              .ncols = 7,
	              .limit = limit,
	              .ctx = &ll,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	return cli_list_run(&l, dir, &cur, "fieldbook log list");
}

int cmd_log(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", log_add},   {"list", log_list}, {"show", log_show},
		{"edit", log_edit}, {"rm", log_rm},     {"undelete", log_undelete},
	};
	return cli_subcommand(cli, "log", argc, argv, subs, sizeof subs / sizeof subs[0], log_help);
}
