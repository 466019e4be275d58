/* cmd_stats.c - fieldbook stats: the headquarters overview of every group
 * and cadre over a period, as tables with charts, CSV or JSON. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fieldbook/stats.h"
#include "output.h"

static void stats_help(void)
{
	printf(_("Usage: fieldbook stats [--from DATE] [--to DATE] [--group G] [--week W]\n"
	         "                       [--format table|csv|json] [--cadres] [--width N]\n"
	         "                       [--ledger]\n\n"
	         "Every work group and cadre side by side over a period: days logged and\n"
	         "missing, visits against the targets, kinds of enterprise and worker not yet\n"
	         "covered, tickets by status and routing, the last bundle received from each\n"
	         "group, who has not submitted the week's report, and the four comparisons.\n\n"
	         "  --from DATE     first day (default: 1 January of the --to year)\n"
	         "  --to DATE       last day (default: today)\n"
	         "  --group G       one work group only\n"
	         "  --week W        the week whose reports are checked (default: the last week\n"
	         "                  whose working days are over: from Monday to Friday, the\n"
	         "                  week before)\n"
	         "  --format F      table (default), csv (one row per group) or json\n"
	         "  --cadres        with --format csv: one row per cadre\n"
	         "  --width N       page width in columns (default: the terminal's, or 80)\n"
	         "  --all           every group in every chart and every cadre, however narrow\n"
	         "                  the page (at 100 columns or fewer, with more than 10 groups,\n"
	         "                  the charts show the top 10)\n"
	         "  --ledger        also each group's contact ledger: distinct units and workers\n"
	         "                  met (linked to logs or on contact record sheets), contact\n"
	         "                  days and sheets over the period\n"));
}

enum { O_FROM = 256, O_TO, O_GROUP, O_WEEK, O_FORMAT, O_CADRES, O_ALL, O_LEDGER, O_WIDTH };

int cmd_stats(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"group", required_argument, NULL, O_GROUP},
		{"week", required_argument, NULL, O_WEEK},
		{"format", required_argument, NULL, O_FORMAT},
		{"cadres", no_argument, NULL, O_CADRES},
		{"width", required_argument, NULL, O_WIDTH},
		{"all", no_argument, NULL, O_ALL},
		{"ledger", no_argument, NULL, O_LEDGER},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *v[O_WIDTH - O_FROM + 1] = {0};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			stats_help();
			return EXIT_OK;
		}
		if (c < O_FROM || c > O_WIDTH)
			return cli_usage("stats", _("unknown option '%s'"), argv[optind - 1]);
		v[c - O_FROM] = optarg ? optarg : "1";
	}
	if (optind < argc)
		return cli_usage("stats", _("unexpected argument '%s'"), argv[optind]);
	fb_stats_format fmt = FB_SFMT_TABLE;
	const char *f = v[O_FORMAT - O_FROM];
	if (f && !strcmp(f, "csv"))
		fmt = v[O_CADRES - O_FROM] ? FB_SFMT_CSV_CADRES : FB_SFMT_CSV_GROUPS;
	else if (f && !strcmp(f, "json"))
		fmt = FB_SFMT_JSON;
	else if (f && strcmp(f, "table"))
		return cli_usage("stats", _("--format must be table, csv or json"));
	char from[11], to[11];
	fb_stats_opts o = {.week = v[O_WEEK - O_FROM], .ledger = v[O_LEDGER - O_FROM] != NULL};
	if (v[O_FROM - O_FROM]) {
		if (cli_date("--from", v[O_FROM - O_FROM], from))
			return EXIT_USER;
		o.from = from;
	}
	if (v[O_TO - O_FROM]) {
		if (cli_date("--to", v[O_TO - O_FROM], to))
			return EXIT_USER;
		o.to = to;
	}
	int width = cli_width(v[O_WIDTH - O_FROM]);
	if (width < 0)
		return EXIT_USER;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	if (v[O_GROUP - O_FROM] && cli_group(cli, "--group", v[O_GROUP - O_FROM], &o.group_id))
		return EXIT_USER;
	fb_overview ov;
	fb_error err = {0};
	if (fb_stats_overview(cli->st, &o, &ov, &err)) {
		if (!strcmp(err.field, "from") || !strcmp(err.field, "to") ||
		    !strcmp(err.field, "week"))
			snprintf(err.field, sizeof err.field, "--%s",
			         !strcmp(err.field, "from") ? "from"
			         : !strcmp(err.field, "to") ? "to"
			                                    : "week");
		return cli_fail(&err);
	}
	ov.show_all = v[O_ALL - O_FROM] != NULL;
	char *text = fb_stats_render(cli->st, &ov, fmt, width);
	fb_overview_free(&ov);
	if (!text)
		return cli_error(EXIT_USER, _("out of memory"));
	cli_put_document(text, fmt == FB_SFMT_CSV_GROUPS || fmt == FB_SFMT_CSV_CADRES);
	free(text);
	return EXIT_OK;
}
