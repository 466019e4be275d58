/* cmd_target.c - fieldbook target list|set: the targets of the circulars
 * are data that HQ edits (and that travel in bundles), never constants. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void target_help(void)
{
	printf(_("Usage: fieldbook target list [--format table|csv|json]\n"
	         "       fieldbook target set --scope S --metric M --period P --value N\n"
	         "                            [--group G] [--note TEXT]\n\n"
	         "Setting a target that exists (same scope, measure, period and group) changes\n"
	         "its value. Without --group it applies to every group; with --group it\n"
	         "overrides the general target for that group.\n\n"
	         "  --scope S     cadre, group, leader or contact_point\n"
	         "  --metric M    enterprises, workers, households, grassroots_days,\n"
	         "                contact_days, contact_units, research_topics, reports, logs\n"
	         "  --period P    programme, year, half_year, month or week\n"
	         "  --value N     the target, a whole number\n"));
}

enum { O_SCOPE = 256, O_METRIC, O_PERIOD, O_VALUE, O_GROUP, O_NOTE, O_FORMAT };

/* Options after the subcommand into v; -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, const char **v)
{
	static const struct option opts[] = {
		{"scope", required_argument, NULL, O_SCOPE},
		{"metric", required_argument, NULL, O_METRIC},
		{"period", required_argument, NULL, O_PERIOD},
		{"value", required_argument, NULL, O_VALUE},
		{"group", required_argument, NULL, O_GROUP},
		{"note", required_argument, NULL, O_NOTE},
		{"format", required_argument, NULL, O_FORMAT},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			target_help();
			return -1;
		}
		if (c < O_SCOPE || c > O_FORMAT)
			return cli_usage(cmd, _("unknown option '%s'"), argv[optind]);
		v[c - O_SCOPE] = optarg;
	}
	if (optind < argc - 1)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[1 + optind]);
	return 0;
}

struct list_ctx {
	fb_cli *cli;
	fb_table *t;
	fb_error *err;    /* a database error that stopped the list */
	int write_failed; /* writing stdout failed: stop */
};

/* One target into the table (fb_target_list's callback); 0 to go on, 1 to stop (an error). */
static int list_one(const fb_target *tg, void *vctx)
{
	struct list_ctx *ctx = vctx;
	char id[24], value[24], group[128] = "";
	snprintf(id, sizeof id, "%lld", (long long)tg->id);
	snprintf(value, sizeof value, "%lld", (long long)tg->value);
	if (tg->group_id) {
		fb_group g = {0};
		fb_status s = fb_group_get(ctx->cli->st, tg->group_id, &g, ctx->err);
		if (s == FB_OK)
			snprintf(group, sizeof group, "%s", g.name);
		fb_group_free(&g);
		if (s != FB_OK && s != FB_ENOTFOUND)
			return 1; /* stop: a database error, in ctx->err */
	} else if (ctx->t->fmt == FB_FMT_TABLE) {
		snprintf(group, sizeof group, "%s", _("every group"));
	}
	/* people read labels; csv and json keep the codes (machine-readable) */
	int human = ctx->t->fmt == FB_FMT_TABLE;
	const char *cells[] = {id,
	                       human ? fb_target_label(tg->scope) : tg->scope,
	                       human ? fb_target_label(tg->metric) : tg->metric,
	                       human ? fb_target_label(tg->period) : tg->period,
	                       group,
	                       value,
	                       tg->note};
	if (fb_table_row(ctx->t, cells))
		return ctx->write_failed = 1;
	return 0;
}

static int target_list(fb_cli *cli, int argc, char **argv)
{
	const char *v[O_FORMAT - O_SCOPE + 1] = {0};
	int rc = parse("target list", argc, argv, v);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt = FB_FMT_TABLE;
	if (v[O_FORMAT - O_SCOPE] && fb_format_parse(v[O_FORMAT - O_SCOPE], 7, &fmt))
		return cli_usage("target list", _("--format must be table, csv or json"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"id", N_("ID"), 6, 1, 1},           {"scope", N_("Scope"), 13, 0, 0},
		{"metric", N_("Measure"), 28, 0, 0}, {"period", NC_("target", "Period"), 15, 0, 0},
		{"group", N_("Group"), 16, 0, 0},    {"value", N_("Target"), 6, 1, 1},
		{"note", N_("Note"), 30, 0, 0},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 7);
	fb_error err = {0}, row_err = {0};
	struct list_ctx ctx = {cli, &t, &row_err, 0};
	fb_status st = fb_target_each(cli->st, list_one, &ctx, &err);
	int failed = fb_table_end(&t);
	if (st || row_err.code)
		return cli_fail(st ? &err : &row_err);
	return failed || ctx.write_failed ? EXIT_USER : EXIT_OK; /* main() names a write error */
}

static int target_set(fb_cli *cli, int argc, char **argv)
{
	const char *v[O_FORMAT - O_SCOPE + 1] = {0};
	int rc = parse("target set", argc, argv, v);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	static const char *const need[] = {"--scope", "--metric", "--period", "--value"};
	for (int i = 0; i < 4; i++)
		if (!v[i])
			return cli_usage("target set", _("%s is required"), need[i]);
	int64_t value;
	if (cli_count("--value", v[O_VALUE - O_SCOPE], "targets", "value", &value) ||
	    !cli_store(cli, 0))
		return EXIT_USER;
	fb_target t = {0};
	snprintf(t.scope, sizeof t.scope, "%s", v[O_SCOPE - O_SCOPE]);
	snprintf(t.metric, sizeof t.metric, "%s", v[O_METRIC - O_SCOPE]);
	snprintf(t.period, sizeof t.period, "%s", v[O_PERIOD - O_SCOPE]);
	snprintf(t.note, sizeof t.note, "%s", v[O_NOTE - O_SCOPE] ? v[O_NOTE - O_SCOPE] : "");
	t.value = (int)value;
	if (v[O_GROUP - O_SCOPE] && cli_group(cli, "--group", v[O_GROUP - O_SCOPE], &t.group_id))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_target_save(cli->st, &t, &err)) {
		if (err.field[0] && strlen(err.field) + 3 < sizeof err.field) {
			char opt[sizeof err.field + 2];
			snprintf(opt, sizeof opt, "--%s", err.field);
			fb_text_copy(opt, err.field, sizeof err.field);
		}
		return cli_fail(&err);
	}
	cli_printf(_("Target %lld: %s, %s, %s: %lld.\n"), (long long)t.id, fb_target_label(t.scope),
	           fb_target_label(t.metric), fb_target_label(t.period), (long long)t.value);
	return EXIT_OK;
}

int cmd_target(fb_cli *cli, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		target_help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "list"))
		return target_list(cli, argc, argv);
	if (!strcmp(argv[1], "set"))
		return target_set(cli, argc, argv);
	return cli_usage("target", _("unknown subcommand '%s'"), argv[1]);
}
