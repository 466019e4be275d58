/* cmd_import.c - fieldbook import: validate a bundle (or one table's CSV)
 * and apply it in one transaction; print what it did per table. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/encode.h"
#include "fieldbook/sync.h"
#include "output.h"

static void show_progress(void *ctx, const char *table, long rows)
{
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %s, %ld rows"), (const char *)ctx, table, rows);
	fflush(stderr);
}

/* The per-table counts as an aligned table, then the issues. */
static void print_text(const char *path, const fb_sync_summary *sum, int ok)
{
	char device[FB_DEVICE_LABEL_SIZE], made[17];
	if (sum->source_device[0] && strcmp(sum->source_device, "csv"))
		printf(_("Bundle %s from %s (device %s), made %s.\n"), path,
		       sum->source_group_name[0] ? sum->source_group_name : _("headquarters"),
		       fb_device_label(sum->source_device, device),
		       fb_local_time(sum->created_at, 1, made, sizeof made));
	if (sum->converted)
		printf(_("Note: %d file(s) were in GB18030/GBK (as Excel saves them) and were "
		         "converted to UTF-8.\n"), sum->converted);
	if (sum->already)
		printf(_("Note: this bundle was imported before.\n"));
	static const fb_column cols[] = {
		{"table", N_("table"), 16, 0, 0},       {"inserted", N_("inserted"), 10, 1, 1},
		{"updated", N_("updated"), 10, 1, 1},   {"unchanged", N_("unchanged"), 10, 1, 1},
		{"conflicts", N_("conflicts"), 10, 1, 1}, {"rejected", N_("rejected"), 10, 1, 1},
	};
	fb_column tc[6];
	for (int i = 0; i < 6; i++) {
		tc[i] = cols[i];
		tc[i].title = _(cols[i].title);
	}
	fb_table t;
	fb_table_begin(&t, stdout, FB_FMT_TABLE, tc, 6);
	for (int i = 0; i < sum->ntables; i++) {
		const fb_sync_counts *c = &sum->t[i];
		char b[5][24];
		snprintf(b[0], 24, "%ld", c->inserted);
		snprintf(b[1], 24, "%ld", c->updated);
		snprintf(b[2], 24, "%ld", c->unchanged);
		snprintf(b[3], 24, "%ld", c->conflicts);
		snprintf(b[4], 24, "%ld", c->rejected);
		const char *cells[6] = {c->table, b[0], b[1], b[2], b[3], b[4]};
		fb_table_row(&t, cells);
	}
	fb_table_end(&t);
	for (int i = 0; i < sum->nissues; i++) {
		const fb_sync_issue *is = &sum->issue[i];
		if (is->conflict)
			printf(_("conflict: %s:%ld: %s: %s\n"), is->file, is->line, is->uuid, is->msg);
		else if (is->field[0])
			printf(_("rejected: %s:%ld: %s: %s\n"), is->file, is->line, is->field, is->msg);
		else
			printf(_("rejected: %s:%ld: %s\n"), is->file, is->line, is->msg);
	}
	if (sum->more_issues)
		printf(_("... and %ld more\n"), sum->more_issues);
	if (!ok)
		printf(_("Nothing was imported.\n"));
	else if (sum->dry_run)
		printf(_("Dry run: nothing was written.\n"));
}

int cmd_import(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, 'n'}, {"format", required_argument, NULL, 'F'},
		{"progress", no_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	fb_import_opts o = {0};
	fb_format fmt = FB_FMT_TEXT;
	int c, progress = isatty(2);
	while ((c = getopt_long(argc, argv, "hn", opts, NULL)) != -1) {
		switch (c) {
		case 'n': o.dry_run = 1; break;
		case 'F':
			if (fb_format_parse(optarg, 1u << FB_FMT_TEXT | 1u << FB_FMT_JSON, &fmt))
				return cli_usage("import", _("--format is text or json"));
			break;
		case 'p': progress = 1; break;
		case 'h':
			printf(_("Usage: fieldbook import FILE... [--dry-run] [--format text|json]\n"
			         "Check a bundle made by 'fieldbook export' and apply it in one go: either\n"
			         "all of it or, on any error, nothing. FILE may also be one table's CSV\n"
			         "named after it (logs.csv, tickets.csv...), e.g. as saved by Excel.\n"
			         "Records changed on both sides are conflicts: the newer version wins, the\n"
			         "other is kept for review.\n"
			         "Several files are imported one after the other, each on its own.\n"
			         "  --dry-run         check and count, write nothing\n"
			         "  --format json     the summary as JSON, for scripts\n"
			         "  --progress        show progress even when stderr is not a terminal\n"
			         "See fieldbook-bundle(5) for the format.\n"));
			return EXIT_OK;
		default: return cli_usage("import", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("import", _("which bundle? give FILE"));
	for (int i = optind; i < argc; i++)
		if (access(argv[i], R_OK))
			return cli_error(EXIT_USER, _("cannot read %s: %s"), argv[i], strerror(errno));
	fb_store *st = cli_store(cli, 1);
	if (!st)
		return EXIT_USER;
	if (progress) {
		o.progress = show_progress;
		o.progress_ctx = "import";
	}
	/* Several bundles (HQ's weekly pile): each on its own, in its own
	 * transaction; one bad bundle does not hold back the others. */
	int rc = EXIT_OK;
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		static fb_sync_summary sum;
		fb_error err = {0};
		fb_status s = fb_bundle_import(st, path, &o, &sum, &err);
		if (progress)
			fputc('\n', stderr);
		if (fmt == FB_FMT_JSON) {
			char *json = fb_sync_summary_json(&sum);
			if (json)
				printf("%s\n", json);
			free(json);
		} else if (s == FB_OK || sum.nissues) {
			print_text(path, &sum, s == FB_OK);
		}
		if (s != FB_OK)
			rc = cli_fail(&err);
	}
	return rc;
}
