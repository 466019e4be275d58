/* cmd_visit.c - fieldbook visit add|rm|list: which units and workers a
 * daily log covered, and how (on site, video, telephone, WeChat). The
 * ledger's counts come from these links. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void visit_help(void)
{
	printf(_("Usage: fieldbook visit add LOG (--unit UNIT [--mode M] | --worker ID)\n"
	         "       fieldbook visit rm LOG (--unit UNIT | --worker ID)\n"
	         "       fieldbook visit list LOG [--format table|csv|json]\n\n"
	         "  LOG          the daily log's number\n"
	         "  --unit UNIT  a unit of the log's group: its number or its name\n"
	         "  --mode M     on_site (default), video, phone, wechat (or 实地走访, 视频...)\n"
	         "  --worker ID  a worker met (see fieldbook worker list)\n"));
}

enum { O_UNIT = 256, O_MODE, O_WORKER, O_FORMAT };

static const struct option visit_opts[] = {
	{"unit", required_argument, NULL, O_UNIT},
	{"mode", required_argument, NULL, O_MODE},
	{"worker", required_argument, NULL, O_WORKER},
	{"format", required_argument, NULL, O_FORMAT},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct vargs {
	const char *v[O_FORMAT - O_UNIT + 1];
} vargs;
#define ARG(a, o) ((a)->v[(o)-O_UNIT])

/* The log number, then the options; -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, int64_t *log, vargs *a)
{
	int rc = cli_arg_id(cmd, argc, argv, visit_help, log);
	if (rc)
		return rc;
	int c;
	memset(a, 0, sizeof *a);
	optind = 0;
	while ((c = getopt_long(argc - 2, argv + 2, ":h", visit_opts, NULL)) != -1) {
		if (c == 'h') {
			visit_help();
			return -1;
		}
		if (c < O_UNIT || c > O_FORMAT)
			return cli_bad_option(cmd, c, argv + 2, optind);
		ARG(a, c) = optarg;
	}
	if (optind < argc - 2)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[2 + optind]);
	return 0;
}

/* The group of the log (for naming its units); EXIT_USER if no such log. */
static int log_group(fb_cli *cli, int64_t id, int64_t *group)
{
	fb_log l;
	fb_error err = {0};
	if (fb_log_get(cli->st, id, 0, &l, &err))
		return cli_fail(&err);
	*group = l.group_id;
	fb_log_free(&l);
	return EXIT_OK;
}

static int change(fb_cli *cli, int argc, char **argv, int add)
{
	const char *cmd = add ? "visit add" : "visit rm";
	int64_t log = 0, group, target;
	vargs a;
	int rc = parse(cmd, argc, argv, &log, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_UNIT) == !ARG(&a, O_WORKER))
		return cli_usage(cmd, _("give either --unit or --worker"));
	if (!cli_store(cli, 0) || log_group(cli, log, &group))
		return EXIT_USER;
	fb_error err = {0};
	fb_status s;
	if (ARG(&a, O_UNIT)) {
		char mode[CLI_CODE_SIZE] = "on_site";
		if (cli_unit(cli, "--unit", group, ARG(&a, O_UNIT), &target) ||
		    (ARG(&a, O_MODE) && cli_code(cli, FB_CAT_MODE, "--mode", ARG(&a, O_MODE), mode)))
			return EXIT_USER;
		s = add ? fb_visit_add_unit(cli->st, log, target, mode, &err)
		        : fb_visit_remove_unit(cli->st, log, target, &err);
	} else {
		if (cli_id("--worker", ARG(&a, O_WORKER), &target))
			return EXIT_USER;
		s = add ? fb_visit_add_worker(cli->st, log, target, &err)
		        : fb_visit_remove_worker(cli->st, log, target, &err);
	}
	if (s) {
		if (!strcmp(err.field, "unit") || !strcmp(err.field, "worker")) {
			char opt[sizeof err.field + 2];
			snprintf(opt, sizeof opt, "--%s", err.field);
			fb_text_copy(opt, err.field, sizeof err.field);
		}
		return cli_fail(&err);
	}
	cli_printf(add ? _("Daily log %lld: linked to %s %lld.\n")
	               : _("Daily log %lld: link to %s %lld removed.\n"),
	           (long long)log, ARG(&a, O_UNIT) ? _("unit") : _("worker"), (long long)target);
	return EXIT_OK;
}

static int visit_add(fb_cli *cli, int argc, char **argv) { return change(cli, argc, argv, 1); }
static int visit_rm(fb_cli *cli, int argc, char **argv) { return change(cli, argc, argv, 0); }

struct list_ctx {
	fb_cli *cli;
	fb_table *t;
	int failed;
};

static int list_one(const fb_visit_link *l, void *vctx)
{
	struct list_ctx *c = vctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)l->id);
	int table = c->t->fmt == FB_FMT_TABLE;
	const char *what =
		l->is_worker ? (table ? _("worker") : "worker") : (table ? _("unit") : "unit");
	const char *mode =
		l->mode[0] && table ? fb_category_label(c->cli->st, FB_CAT_MODE, l->mode) : l->mode;
	const char *cells[] = {what, id, l->name, mode};
	if (fb_table_row(c->t, cells))
		return c->failed = 1;
	return 0;
}

static int visit_list(fb_cli *cli, int argc, char **argv)
{
	int64_t log = 0, group;
	vargs a;
	int rc = parse("visit list", argc, argv, &log, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt = FB_FMT_TABLE;
	if (ARG(&a, O_FORMAT) && fb_format_parse(ARG(&a, O_FORMAT), 7, &fmt))
		return cli_usage("visit list", _("--format must be table, csv or json"));
	if (!cli_store(cli, 0) || log_group(cli, log, &group))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"what", N_("Met"), 6, 0, 0},
		{"id", N_("ID"), 8, 1, 1},
		{"name", N_("Name"), 36, 0, 0},
		{"mode", N_("Contact"), 10, 0, 0},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 4);
	struct list_ctx c = {cli, &t, 0};
	fb_error err = {0};
	fb_status s = fb_visit_each(cli->st, log, list_one, &c, &err);
	int failed = fb_table_end(&t);
	if (s)
		return cli_fail(&err);
	return failed || c.failed ? EXIT_USER : EXIT_OK;
}

int cmd_visit(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", visit_add},
		{"rm", visit_rm},
		{"list", visit_list},
	};
	return cli_subcommand(cli, "visit", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      visit_help);
}
