/* cmd_rollup.c - fieldbook rollup push|stats URL: a city headquarters'
 * database pushed into the provincial PostgreSQL warehouse, and the
 * overview's headline figures of every city computed there. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fieldbook/date.h"
#include "output.h"
#include "rollup.h"
#include "sync.h"

static void rollup_help(void)
{
	printf(_("Usage: fieldbook rollup push URL\n"
	         "       fieldbook rollup stats URL [--from DATE] [--to DATE]\n"
	         "                                  [--format table|csv|json] [--cadres]\n\n"
	         "The provincial roll-up on PostgreSQL. URL is a libpq connection string\n"
	         "(\"host=/run/postgresql dbname=province\" or postgresql://...); the password\n"
	         "is never given in it: libpq reads PGPASSWORD, PGPASSFILE or ~/.pgpass.\n\n"
	         "  push    send this headquarters' database (its city: the federation's name)\n"
	         "          into the warehouse: the schema is created or migrated, the rows\n"
	         "          changed since the city's last push are applied in one transaction\n"
	         "          (a newer revision wins, a deleted record stays deleted). Personal\n"
	         "          fields (phone and ID numbers, workers' and contacts' names,\n"
	         "          addresses, who raised a ticket) are sent empty.\n"
	         "  stats   per city and work group: logs, enterprises, workers and households\n"
	         "          visited, tickets, open and closed, as `fieldbook stats` counts them\n"
	         "  --from DATE   first day (default: 1 January of the --to year)\n"
	         "  --to DATE     last day (default: today)\n"
	         "  --format F    table (default), csv or json\n"
	         "  --cadres      one row per cadre (logs, enterprises, workers, households)\n"));
}

/* Progress of a long push, on stderr. */
static void push_progress(void *ctx, const char *table, int64_t rows)
{
	(void)ctx;
	if (rows >= FB_ROLLUP_PROGRESS_ROWS)
		fprintf(stderr, _("rollup: %s: %" PRId64 " rows sent\n"),
		        fb_sync_table_label(table), rows);
}

static int rollup_push(fb_cli *cli, int argc, char **argv)
{
	if (argc < 3)
		return cli_usage("rollup", "%s", _("name the warehouse (a connection string)"));
	if (argc > 3)
		return cli_usage("rollup", _("unexpected argument '%s'"), argv[3]);
	fb_store *st = cli_store(cli, 0);
	if (!st)
		return EXIT_USER;
	fb_rollup_result res;
	fb_error err = {0};
	if (fb_rollup_push(st, argv[2], push_progress, NULL, &res, &err))
		return cli_fail(&err);
	cli_printf(_("Pushed %s: changes %" PRId64 " to %" PRId64 ", %" PRId64
	             " rows sent, %" PRId64 " applied.\n"),
	           res.city, res.from_chg, res.to_chg, res.rows_sent, res.rows_applied);
	return EXIT_OK;
}

enum { O_FROM = 256, O_TO, O_FORMAT, O_CADRES };

/* av[0] is "stats". */
static int rollup_stats(int ac, char **av)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"format", required_argument, NULL, O_FORMAT},
		{"cadres", no_argument, NULL, O_CADRES},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *v[4] = {0};
	int c;
	optind = 0;
	while ((c = getopt_long(ac, av, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			rollup_help();
			return EXIT_OK;
		}
		if (c < O_FROM || c > O_CADRES)
			return cli_usage("rollup", _("unknown option '%s'"), av[optind - 1]);
		v[c - O_FROM] = optarg ? optarg : "1";
	}
	if (optind >= ac)
		return cli_usage("rollup", "%s", _("name the warehouse (a connection string)"));
	if (optind + 1 < ac)
		return cli_usage("rollup", _("unexpected argument '%s'"), av[optind + 1]);
	const char *url = av[optind];
	fb_format fmt = FB_FMT_TABLE;
	if (v[2] &&
	    fb_format_parse(v[2], 1u << FB_FMT_TABLE | 1u << FB_FMT_CSV | 1u << FB_FMT_JSON, &fmt))
		return cli_usage("rollup", _("--format must be table, csv or json"));
	char from[11], to[11];
	if (v[1]) {
		if (cli_date("--to", v[1], to))
			return EXIT_USER;
	} else {
		fb_date_format(fb_today(), to);
	}
	if (v[0]) {
		if (cli_date("--from", v[0], from))
			return EXIT_USER;
	} else {
		snprintf(from, sizeof from, "%.4s-01-01", to);
	}
	if (strcmp(from, to) > 0)
		return cli_error(EXIT_USER, _("--from: the period starts (%s) after it ends (%s)"),
		                 from, to);
	int cadres = v[3] != NULL;
	fb_rollup_group *g;
	int n;
	fb_error err = {0};
	if (fb_rollup_stats(url, from, to, cadres, &g, &n, &err))
		return cli_fail(&err);
	static const fb_column group_cols[] = {
		{"city", N_("City"), 24, 0, 0},
		{"group", N_("Group"), 24, 0, 0},
		{"station", N_("Station"), 20, 0, 0},
		{"logs", N_("Logs"), 10, 1, 1},
		{"enterprises", N_("Enterprises"), 12, 1, 1},
		{"workers", N_("Workers"), 10, 1, 1},
		{"households", N_("Households"), 10, 1, 1},
		{"tickets", N_("Tickets"), 10, 1, 1},
		{"tickets_open", N_("Open"), 10, 1, 1},
		{"status_closed", N_("Closed"), 10, 1, 1},
	};
	static const fb_column cadre_cols[] = {
		{"city", N_("City"), 24, 0, 0},       {"group", N_("Group"), 24, 0, 0},
		{"cadre", N_("Cadre"), 16, 0, 0},     {"role", N_("Role"), 10, 0, 0},
		{"logs", N_("Logs"), 10, 1, 1},       {"enterprises", N_("Enterprises"), 12, 1, 1},
		{"workers", N_("Workers"), 10, 1, 1}, {"households", N_("Households"), 10, 1, 1},
	};
	fb_table t;
	if (cadres)
		fb_table_begin(&t, stdout, fmt, cadre_cols, 8);
	else
		fb_table_begin(&t, stdout, fmt, group_cols, 10);
	for (int i = 0; i < n; i++) {
		char num[7][24];
		int64_t f[7] = {g[i].logs,          g[i].enterprises, g[i].workers,
		                g[i].households,    g[i].tickets,     g[i].tickets_open,
		                g[i].tickets_closed};
		for (int k = 0; k < 7; k++)
			snprintf(num[k], sizeof num[k], "%" PRId64, f[k]);
		const char *gcells[10] = {g[i].city, g[i].group, g[i].station, num[0], num[1],
		                          num[2],    num[3],     num[4],       num[5], num[6]};
		const char *ccells[8] = {g[i].city, g[i].group, g[i].cadre, g[i].role,
		                         num[0],    num[1],     num[2],     num[3]};
		fb_table_row(&t, cadres ? ccells : gcells);
	}
	free(g);
	return fb_table_end(&t) ? EXIT_USER : EXIT_OK;
}

int cmd_rollup(fb_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("rollup", _("name a subcommand: push, stats"));
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		rollup_help();
		return EXIT_OK;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			rollup_help();
			return EXIT_OK;
		}
	if (!strcmp(sub, "push"))
		return rollup_push(cli, argc, argv);
	if (!strcmp(sub, "stats"))
		return rollup_stats(argc - 1, argv + 1);
	return cli_usage("rollup", _("unknown subcommand '%s'"), sub);
}
