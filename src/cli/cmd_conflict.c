/* cmd_conflict.c - fieldbook conflict list|show|settle: records changed on
 * both sides, named as people know them, both versions side by side, and
 * the settlement (keep the version in force, or take the other one: a new
 * revision that travels back with the next bundle). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conflict.h"
#include "output.h"

static void conflict_help(void)
{
	printf(_("Usage: fieldbook conflict list [--all] [--limit N] [--format table|csv|json]\n"
	         "       fieldbook conflict show ID\n"
	         "       fieldbook conflict settle ID (--keep | --take) --by NAME\n"
	         "Records changed on both sides since they last met (an import kept the version\n"
	         "with the newer revision and the other one for review).\n"
	         "  --all     settled ones too (who settled each, how)\n"
	         "  --keep    the version in force stays\n"
	         "  --take    the other version replaces it: a new revision made here, that goes\n"
	         "            back with the next bundle; the replaced version is kept\n"
	         "  --by NAME who settles it\n"));
}

typedef struct list_ctx {
	fb_store *st;
	int open_only;
	fb_conflict_row rows[CLI_LIST_BATCH];
} list_ctx;

static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	list_ctx *lc = ctx;
	return fb_conflict_page(lc->st, lc->open_only, dir, cur, lc->rows, want, err);
}

static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	list_ctx *lc = ctx;
	const fb_conflict_row *r = &lc->rows[i];
	char id[24], found[20], state[160];
	(void)err;
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	fb_local_time(r->detected_at, 1, found, sizeof found);
	if (!r->resolved)
		snprintf(state, sizeof state, "%s", _("to settle"));
	else
		snprintf(state, sizeof state,
		         !strcmp(r->choice, "taken") ? _("other version taken by %s")
		                                     : _("version in force kept by %s"),
		         r->settled_by[0] ? r->settled_by : _("someone"));
	const char *cells[4] = {id, found, state, r->record};
	return fb_table_row(t, cells) ? -1 : 0;
}

static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	list_ctx *lc = ctx;
	fb_conflict_row_cursor(&lc->rows[i], cur);
	return lc->rows[i].id;
}

static int conflict_list(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"limit", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	static const fb_column cols[] = {
		{"id", N_("ID"), 4, 1, 1},
		{"found", N_("Found"), 16, 0, 0},
		{"state", N_("State"), 28, 0, 0},
		{"record", N_("Record"), 0, 0, 0},
	};
	list_ctx *lc = calloc(1, sizeof *lc);
	fb_format fmt = FB_FMT_TABLE;
	long limit = 0;
	int c;
	if (!lc)
		return cli_error(EXIT_USER, _("out of memory"));
	lc->open_only = 1;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': lc->open_only = 0; break;
		case 'l':
			if (cli_int("--limit", optarg, 0, 1000000000L, &limit))
				return free(lc), EXIT_USAGE;
			break;
		case 'F':
			if (fb_format_parse(optarg,
			                    1u << FB_FMT_TABLE | 1u << FB_FMT_CSV | 1u << FB_FMT_JSON,
			                    &fmt))
				return free(lc),
				       cli_usage("conflict", _("--format is table, csv or json"));
			break;
		case 'h': conflict_help(); return free(lc), EXIT_OK;
		default: return free(lc), cli_bad_option("conflict", c, argv, optind);
		}
	}
	if (optind < argc)
		return free(lc), cli_usage("conflict", _("unexpected argument '%s'"), argv[optind]);
	if (!(lc->st = cli_store(cli, 0)))
		return free(lc), EXIT_USER;
	fb_column tc[4];
	for (int i = 0; i < 4; i++)
		tc[i] = cols[i], tc[i].title = _(cols[i].title);
	cli_list l = {.fmt = fmt,
	              .cols = tc,
	              .ncols = 4,
	              .limit = limit,
	              .ctx = lc,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	fb_cursor cur = {0};
	int rc = cli_list_run(&l, FB_PAGE_FIRST, &cur, "conflict list");
	free(lc);
	return rc;
}

static int conflict_show(fb_cli *cli, int argc, char **argv)
{
	int64_t id;
	int r = cli_arg_id("conflict", argc, argv, conflict_help, &id);
	if (r)
		return r < 0 ? EXIT_OK : r;
	fb_store *st = cli_store(cli, 0);
	if (!st)
		return EXIT_USER;
	fb_conflict_detail d;
	fb_error err;
	char a[20], b[20], v1[1024], v2[1024];
	if (fb_conflict_get(st, id, &d, &err) != FB_OK)
		return cli_fail(&err);
	printf("%s\n", d.row.record);
	printf(_("In force: made by %s, %s\n"), d.in_force_by,
	       fb_local_time(d.in_force_at, 1, a, sizeof a));
	printf(_("Other:    made by %s, %s\n"), d.other_by,
	       fb_local_time(d.other_at, 1, b, sizeof b));
	if (d.row.resolved)
		printf(_("Settled: %s by %s, %s\n"),
		       !strcmp(d.row.choice, "taken") ? _("other version taken")
		                                      : _("version in force kept"),
		       d.row.settled_by[0] ? d.row.settled_by : "-",
		       fb_local_time(d.row.settled_at, 1, a, sizeof a));
	for (int i = 0; i < d.nfields; i++) {
		const fb_conflict_field *f = &d.f[i];
		fb_text_visible(f->in_force, 0, v1, sizeof v1);
		fb_text_visible(f->other, 0, v2, sizeof v2);
		if (f->differs)
			printf(_("* %s: in force: %s | other: %s\n"),
			       fb_sync_column_label(f->column), v1, v2);
		else
			printf("  %s: %s\n", fb_sync_column_label(f->column), v1);
	}
	fb_conflict_detail_free(&d);
	return EXIT_OK;
}

static int conflict_settle(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"keep", no_argument, NULL, 'k'},
		{"take", no_argument, NULL, 't'},
		{"by", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int c, keep = 0, take = 0;
	const char *by = NULL;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keep = 1; break;
		case 't': take = 1; break;
		case 'b': by = optarg; break;
		case 'h': conflict_help(); return EXIT_OK;
		default: return cli_bad_option("conflict", c, argv, optind);
		}
	}
	int64_t id, person;
	if (optind + 1 != argc)
		return cli_usage("conflict", _("settle needs the conflict's ID"));
	if (cli_id(_("ID"), argv[optind], &id))
		return EXIT_USER;
	if (keep == take)
		return cli_usage("conflict", _("settle with --keep or --take"));
	if (!by)
		return cli_usage("conflict", _("--by NAME: who settles it"));
	fb_store *st = cli_store(cli, 0);
	if (!st)
		return EXIT_USER;
	if (cli_person(cli, "--by", by, &person))
		return EXIT_USER;
	fb_error err;
	if (fb_conflict_settle(st, id, take ? FB_CONFLICT_TAKE : FB_CONFLICT_KEEP, person, &err))
		return cli_fail(&err);
	cli_printf(take ? _("Conflict %lld settled: the other version is in force now and goes "
	                    "back with the next bundle.\n")
	                : _("Conflict %lld settled: the version in force is kept.\n"),
	           (long long)id);
	return EXIT_OK;
}

int cmd_conflict(fb_cli *cli, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		conflict_help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "list"))
		return conflict_list(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return conflict_show(cli, argc, argv);
	if (!strcmp(argv[1], "settle"))
		return conflict_settle(cli, argc - 1, argv + 1);
	return cli_usage("conflict", _("unknown subcommand '%s'"), argv[1]);
}
