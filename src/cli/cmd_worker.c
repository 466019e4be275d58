/* cmd_worker.c - fieldbook worker add|list|show|edit|rm: the workers met
 * (八必访), one record per person however often met. Lists show phones
 * masked (138****8000); show masks the ID number unless --reveal. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void worker_help(void)
{
	printf(_("Usage: fieldbook worker add --by NAME --name NAME [options] [--new]\n"
	         "       fieldbook worker list [--group G] [--unit UNIT] [--match TEXT]\n"
	         "                             [--limit N] [--after ID] [--format table|csv|json]\n"
	         "       fieldbook worker show ID [--reveal] [--format text|json]\n"
	         "       fieldbook worker edit ID [options] [--new]\n"
	         "       fieldbook worker rm ID --by NAME\n\n"
	         "A worker met again is the same record: add refuses a worker of the group\n"
	         "with the same ID number, the same phone, or the same name at the same unit,\n"
	         "and names them (--new: a different person all the same).\n\n"
	         "  --by NAME        who records it (the worker joins their group's ledger)\n"
	         "  --unit UNIT      the unit they work at (its number or name)\n"
	         "  --kinds LIST     八必访 kinds: frontline, hardship, migrant, dispatched,\n"
	         "                   young, model, congress_delegate, grievance (or 一线职工...)\n"
	         "  --phone PHONE    personal data: shown masked in lists\n"
	         "  --id-number ID   personal data: the 18-character resident ID, checked\n"
	         "  --raised TEXT    what they raised\n"
	         "  --reveal         show the ID number in full\n"));
}

enum {
	O_BY = 256,
	O_NAME,
	O_UNIT,
	O_KINDS,
	O_PHONE,
	O_IDNO,
	O_RAISED,
	O_NEW,
	O_GROUP,
	O_MATCH,
	O_LIMIT,
	O_AFTER,
	O_FORMAT,
	O_REVEAL
};

static const struct option worker_opts[] = {
	{"by", required_argument, NULL, O_BY},
	{"name", required_argument, NULL, O_NAME},
	{"unit", required_argument, NULL, O_UNIT},
	{"kinds", required_argument, NULL, O_KINDS},
	{"phone", required_argument, NULL, O_PHONE},
	{"id-number", required_argument, NULL, O_IDNO},
	{"raised", required_argument, NULL, O_RAISED},
	{"new", no_argument, NULL, O_NEW},
	{"group", required_argument, NULL, O_GROUP},
	{"match", required_argument, NULL, O_MATCH},
	{"limit", required_argument, NULL, O_LIMIT},
	{"after", required_argument, NULL, O_AFTER},
	{"format", required_argument, NULL, O_FORMAT},
	{"reveal", no_argument, NULL, O_REVEAL},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct wargs {
	const char *v[O_REVEAL - O_BY + 1];
} wargs;
#define ARG(a, o) ((a)->v[(o)-O_BY])

/* Options from argv[first..]; -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, int first, wargs *a)
{
	return cli_sub_options(cmd, argc, argv, first, worker_opts, O_BY, a->v,
	                       sizeof a->v / sizeof a->v[0], worker_help);
}

/* A command on one worker: the ID, then the options into *a. EXIT_OK or the
 * exit code (-1 from parsing: --help shown). */
static int parse_id(const char *cmd, int argc, char **argv, int64_t *id, wargs *a)
{
	int rc = cli_arg_id(cmd, argc, argv, worker_help, id);
	return rc ? rc : parse(cmd, argc, argv, 3, a);
}

static int fail_field(fb_error *err)
{
	static const char *const map[][2] = {
		{"name", "--name"},   {"unit", "--unit"},           {"worker_kinds", "--kinds"},
		{"phone", "--phone"}, {"id_number", "--id-number"}, {"raised", "--raised"},
	};
	return cli_fail_field(err, map, sizeof map / sizeof map[0]);
}

/* The fields the options set, over w; a replaced text is freed (owned). */
static int fill(fb_cli *cli, const wargs *a, fb_worker *w, int owned)
{
	const char *s;
	if ((s = ARG(a, O_UNIT)) && cli_unit(cli, "--unit", w->group_id, s, &w->unit_id))
		return EXIT_USER;
	if ((s = ARG(a, O_KINDS))) {
		fb_error err = {0};
		if (fb_category_mask_parse(cli->st, FB_CAT_WORKER, s, &w->worker_kinds, "--kinds",
		                           &err))
			return cli_fail(&err);
	}
	char **text[] = {&w->name, &w->phone, &w->id_number, &w->raised};
	int opt[] = {O_NAME, O_PHONE, O_IDNO, O_RAISED};
	for (int i = 0; i < 4; i++)
		if (ARG(a, opt[i])) {
			char *copy = strdup(ARG(a, opt[i]));
			if (!copy)
				return cli_error(EXIT_USER, _("out of memory"));
			if (owned)
				free(*text[i]);
			*text[i] = copy;
		}
	return EXIT_OK;
}

static int save(fb_cli *cli, fb_worker *w, const wargs *a, int edited)
{
	fb_error err = {0};
	/* the error names the worker it repeats: one line */
	if (fb_worker_save(cli->st, w, ARG(a, O_NEW) != NULL, NULL, &err)) {
		return fail_field(&err);
	}
	if (edited)
		cli_printf(_("Worker %lld: %s, changed.\n"), (long long)w->id, w->name);
	else
		cli_printf(_("Worker %lld: %s.\n"), (long long)w->id, w->name);
	return EXIT_OK;
}

static int worker_add(fb_cli *cli, int argc, char **argv)
{
	wargs a;
	int rc = parse("worker add", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY))
		return cli_usage("worker add", _("%s is required"), "--by");
	if (!ARG(&a, O_NAME))
		return cli_usage("worker add", _("%s is required"), "--name");
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_worker w = {0};
	int64_t by;
	if (cli_person_group(cli, "--by", ARG(&a, O_BY), &by, &w.group_id))
		return EXIT_USER;
	rc = fill(cli, &a, &w, 0);
	if (!rc)
		rc = save(cli, &w, &a, 0);
	fb_worker_free(&w);
	return rc;
}

static int worker_edit(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	wargs a;
	int rc = parse_id("worker edit", argc, argv, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_worker w;
	fb_error err = {0};
	if (fb_worker_get(cli->st, id, &w, &err))
		return cli_fail(&err);
	rc = fill(cli, &a, &w, 1);
	if (!rc)
		rc = save(cli, &w, &a, 1);
	fb_worker_free(&w);
	return rc;
}

static int worker_rm(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0, by, group;
	wargs a;
	int rc = parse_id("worker rm", argc, argv, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY))
		return cli_usage("worker rm", _("%s is required"), "--by");
	if (!cli_store(cli, 0) || cli_person_group(cli, "--by", ARG(&a, O_BY), &by, &group))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_worker_delete(cli->st, id, &err))
		return cli_fail(&err);
	cli_printf(_("Worker %lld removed.\n"), (long long)id);
	return EXIT_OK;
}

static int worker_show(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	wargs a;
	int rc = parse_id("worker show", argc, argv, &id, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = cli_show_format("worker show", ARG(&a, O_FORMAT), &fmt)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_worker w;
	fb_error err = {0};
	if (fb_worker_get(cli->st, id, &w, &err))
		return cli_fail(&err);
	char idno[40], kinds[512], codes[256], unit[320] = "";
	if (ARG(&a, O_REVEAL))
		snprintf(idno, sizeof idno, "%s", w.id_number);
	else
		fb_mask_id(w.id_number, idno, sizeof idno);
	fb_category_mask_format(cli->st, FB_CAT_WORKER, w.worker_kinds, FB_MASK_LABELS, kinds,
	                        sizeof kinds);
	fb_category_mask_format(cli->st, FB_CAT_WORKER, w.worker_kinds, 0, codes, sizeof codes);
	if (w.unit_id) {
		fb_unit u;
		if (fb_unit_get(cli->st, w.unit_id, &u, &err) == FB_OK) {
			snprintf(unit, sizeof unit, "%s", u.name);
			fb_unit_free(&u);
		}
	}
	if (fmt == FB_FMT_JSON) {
		cli_jobj o;
		cli_jobj_begin(&o, stdout);
		cli_jobj_int(&o, "id", w.id);
		cli_jobj_str(&o, "uuid", w.uuid);
		cli_jobj_str(&o, "name", w.name);
		cli_jobj_int(&o, "unit_id", w.unit_id);
		cli_jobj_str(&o, "unit", unit);
		cli_jobj_str(&o, "phone", w.phone);
		cli_jobj_str(&o, "id_number", idno);
		cli_jobj_str(&o, "worker_kinds", codes);
		cli_jobj_str(&o, "raised", w.raised);
		cli_jobj_end(&o);
		putchar('\n');
	} else {
		cli_printf(_("Worker %lld: %s\n"), (long long)w.id, w.name);
		if (unit[0])
			cli_printf(_("%s: %s\n"), _("Unit"), unit);
		if (kinds[0])
			cli_printf(_("%s: %s\n"), _("Kinds of worker"), kinds);
		if (w.phone[0])
			cli_printf(_("%s: %s\n"), _("Phone"), w.phone);
		if (idno[0])
			cli_printf(_("%s: %s\n"), _("ID number"), idno);
		if (w.raised[0])
			cli_printf(_("%s: %s\n"), _("Raised"), w.raised);
	}
	fb_worker_free(&w);
	return EXIT_OK;
}

struct worker_list {
	fb_cli *cli;
	fb_worker_filter f;
	fb_format fmt;
	fb_worker_row rows[CLI_LIST_BATCH];
};

static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct worker_list *wl = ctx;
	return fb_worker_page(wl->cli->st, &wl->f, dir, cur, wl->rows, want, err);
}

static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	struct worker_list *wl = ctx;
	const fb_worker_row *r = &wl->rows[i];
	(void)err;
	char id[24], visits[24], kinds[512];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(visits, sizeof visits, "%lld", (long long)r->visits);
	fb_category_mask_format(wl->cli->st, FB_CAT_WORKER, r->worker_kinds,
	                        wl->fmt == FB_FMT_TABLE ? FB_MASK_LABELS : 0, kinds, sizeof kinds);
	const char *cells[] = {id, r->name, r->phone, r->unit, visits, r->last_visit, kinds};
	return fb_table_row(t, cells);
}

static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct worker_list *wl = ctx;
	fb_worker_row_cursor(&wl->rows[i], cur);
	return wl->rows[i].id;
}

static int worker_list(fb_cli *cli, int argc, char **argv)
{
	wargs a;
	int rc = parse("worker list", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	static struct worker_list wl;
	memset(&wl, 0, sizeof wl);
	wl.cli = cli;
	long limit;
	int64_t after;
	if ((rc = cli_list_options("worker list", ARG(&a, O_FORMAT), ARG(&a, O_LIMIT),
	                           ARG(&a, O_AFTER), &wl.fmt, &limit, &after)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	if (ARG(&a, O_GROUP) && cli_group(cli, "--group", ARG(&a, O_GROUP), &wl.f.group_id))
		return EXIT_USER;
	if (ARG(&a, O_UNIT) && cli_unit(cli, "--unit", wl.f.group_id, ARG(&a, O_UNIT), &wl.f.unit_id))
		return EXIT_USER;
	wl.f.text = ARG(&a, O_MATCH);
	fb_cursor cur = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	if (after) {
		fb_worker_row r = {.id = after};
		fb_worker_row_cursor(&r, &cur);
		dir = FB_PAGE_NEXT;
	}
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"name", N_("Name"), 10, 0, 0},
		{"phone", N_("Phone"), 13, 0, 0},
		{"unit", N_("Unit"), 30, 0, 0},
		{"visits", N_("Met"), 4, 1, 1},
		{"last_visit", N_("Last met"), 10, 0, 0},
		{"worker_kinds", N_("Kinds of worker"), 30, 0, 0},
	};
	cli_list l = {.fmt = wl.fmt,
	              .cols = cols,
	              .ncols = 7,
	              .limit = limit,
	              .ctx = &wl,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	return cli_list_run(&l, dir, &cur, "fieldbook worker list");
}

int cmd_worker(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", worker_add},   {"list", worker_list}, {"show", worker_show},
		{"edit", worker_edit}, {"rm", worker_rm},
	};
	return cli_subcommand(cli, "worker", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      worker_help);
}
