/* cmd_import.c - fieldbook import: validate a bundle (or one table's CSV)
 * and apply it in one transaction; print what it did per table. Every
 * text that comes from the bundle (names, cells quoted in messages, file
 * names) is printed made visible: a bundle cannot write escapes to the
 * terminal. A failed import prints what was wrong and that nothing was
 * imported, never counts that read as done. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/encode.h"
#include "sync.h"
#include "output.h"

/* The import's progress on stderr, on one line rewritten. */
static void show_progress(void *ctx, const char *table, long rows)
{
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %s, %ld rows"), (const char *)ctx, fb_sync_table_label(table), rows);
	fflush(stderr);
}

/* Untrusted text, safe to print. */
static const char *vis(const char *s, char *buf, size_t size)
{
	return fb_text_visible(s, 0, buf, size);
}

/* The error on stderr, its parts made visible (a file name, a header cell
 * or a value quoted in it may hold escapes). */
static int fail_visible(const fb_error *err)
{
	fb_error e = *err;
	vis(err->file, e.file, sizeof e.file);
	vis(err->field, e.field, sizeof e.field);
	vis(err->msg, e.msg, sizeof e.msg);
	return cli_fail(&e);
}

/* Where the bundle comes from, and what the reader noticed about it. */
static void print_origin(const char *path, const fb_sync_summary *sum)
{
	char p[512], g[256], d[FB_DEVICE_LABEL_SIZE], when[20];
	if (sum->source_device[0] && strcmp(sum->source_device, "csv"))
		printf(_("Bundle %s from %s (device %s), made %s.\n"), vis(path, p, sizeof p),
		       sum->source_group_name[0] ? vis(sum->source_group_name, g, sizeof g)
		                                 : _("headquarters"),
		       fb_device_label(sum->source_device, d),
		       fb_local_time(sum->created_at, 1, when, sizeof when));
	if (sum->fingerprint[0])
		printf(sum->pinned
		               ? _("Signed by keys with fingerprint %s, pinned now for this "
		                   "device.\n")
		               : _("Signed by the keys pinned for this device (fingerprint %s).\n"),
		       sum->fingerprint);
	if (sum->converted)
		printf(_("Note: %d file(s) were in GB18030/GBK (as Excel saves them) and were "
		         "converted to UTF-8.\n"),
		       sum->converted);
	if (sum->already)
		printf(_("Note: this bundle was imported before.\n"));
	if (sum->clock_behind_days)
		printf(_("Note: the clock of the laptop that made this bundle looks %ld days "
		         "behind: "
		         "its dates and times were kept as written; check that laptop's clock.\n"),
		       sum->clock_behind_days);
	if (sum->clone_suspected)
		printf(_("Warning: two laptops seem to share one device id (a copied disk): %s. "
		         "Their differing changes are kept as conflicts, none is lost; give one of "
		         "them a new database.\n"),
		       vis(sum->clone_note, g, sizeof g));
}

/* The per-table counts as an aligned table, tables by the names a person
 * reads. */
static void print_counts(const fb_sync_summary *sum)
{
	static const fb_column cols[] = {
		{"table", N_("table"), 16, 0, 0},         {"inserted", N_("inserted"), 10, 1, 1},
		{"updated", N_("updated"), 10, 1, 1},     {"unchanged", N_("unchanged"), 10, 1, 1},
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
		long v[5] = {c->inserted, c->updated, c->unchanged, c->conflicts, c->rejected};
		for (int k = 0; k < 5; k++)
			snprintf(b[k], sizeof b[k], "%ld", v[k]);
		const char *cells[6] = {
			fb_sync_table_label(c->table), b[0], b[1], b[2], b[3], b[4]};
		fb_table_row(&t, cells);
	}
	fb_table_end(&t);
}

/* Rejections, conflicts and notes, one a line. */
static void print_issues(const fb_sync_summary *sum)
{
	char f[64], fl[200], m[640];
	for (int i = 0; i < sum->nissues; i++) {
		const fb_sync_issue *is = &sum->issue[i];
		vis(is->file, f, sizeof f);
		vis(is->field, fl, sizeof fl);
		vis(is->msg, m, sizeof m);
		if (is->conflict && is->what[0])
			printf(_("conflict: %s:%ld: %s: %s\n"), f, is->line,
			       vis(is->what, fl, sizeof fl), m);
		else if (is->conflict)
			printf(_("conflict: %s:%ld: %s: %s\n"), f, is->line, is->uuid, m);
		else if (is->field[0])
			printf(_("rejected: %s:%ld: %s: %s\n"), f, is->line, fl, m);
		else
			printf(_("rejected: %s:%ld: %s\n"), f, is->line, m);
	}
	if (sum->more_issues)
		printf(_("... and %ld more\n"), sum->more_issues);
	for (int i = 0; i < sum->nnotes; i++) {
		const fb_sync_issue *is = &sum->note[i];
		printf(_("note: %s:%ld: %s\n"), vis(is->file, f, sizeof f), is->line,
		       vis(is->msg, m, sizeof m));
	}
}

/* The summary for a person: what was refused (ok = 0), or the origin,
 * counts and issues of a good import. */
static void print_text(const char *path, const fb_sync_summary *sum, int ok)
{
	if (!ok) {
		print_issues(sum);
		printf(_("Nothing was imported.\n"));
		return;
	}
	print_origin(path, sum);
	print_counts(sum);
	print_issues(sum);
	if (sum->dry_run)
		printf(_("Dry run: nothing was written.\n"));
}

static int usage_help(void)
{
	printf(_("Usage: fieldbook import FILE... [--pin FINGERPRINT] [--dry-run] [--format "
	         "text|json]\n"
	         "Check a bundle made by 'fieldbook export' and apply it in one go: either\n"
	         "all of it or, on any error, nothing. FILE may also be one table's CSV\n"
	         "named after it (logs.csv, tickets.csv...), e.g. as saved by Excel.\n"
	         "Records changed on both sides are conflicts: the newer version wins, the\n"
	         "other is kept for review.\n"
	         "Several files are imported one after the other, each on its own.\n"
	         "Every bundle is signed by its sender's device; a device seen for the first\n"
	         "time is refused with its fingerprint until a person compares it with what\n"
	         "'fieldbook key show' prints on the sender's machine (on a terminal it is\n"
	         "asked for).\n"
	         "  --pin FINGERPRINT the fingerprint compared with the sender: pin its keys\n"
	         "                    (repeat for the senders of several files)\n"
	         "  --dry-run         check and count, write nothing\n"
	         "  --format json     the summary as JSON, for scripts\n"
	         "  --progress        show progress even when stderr is not a terminal\n"
	         "  --bulk-min N      rebuild the search index once when a bundle brings at\n"
	         "                    least N logs, twice what the database has (default 5000)\n"
	         "See fieldbook-bundle(5) for the format.\n"));
	return EXIT_OK;
}

/* On a terminal, a bundle from an unknown device: say so and ask for the
 * fingerprint the sender reads out. 1 if one was typed (into buf). */
static int ask_fingerprint(const fb_error *err, char *buf, size_t size)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return 0;
	char m[640];
	fprintf(stderr, "%s\n", vis(err->msg, m, sizeof m));
	fprintf(stderr, "%s", _("Type the fingerprint the sender reads to you (Enter: stop): "));
	fflush(stderr);
	if (!fgets(buf, (int)size, stdin))
		return 0;
	buf[strcspn(buf, "\r\n")] = 0;
	return buf[0] != 0;
}

/* Import each file on its own (HQ's weekly pile): one transaction each;
 * one bad bundle does not hold back the others. */
static int import_all(fb_store *st, char **files, int n, const fb_import_opts *o, fb_format fmt,
                      int progress)
{
	fb_sync_summary *sum = malloc(sizeof *sum);
	if (!sum)
		return cli_error(EXIT_USER, _("out of memory"));
	int rc = EXIT_OK;
	for (int i = 0; i < n; i++) {
		fb_error err = {0};
		fb_status s = fb_bundle_import(st, files[i], o, sum, &err);
		char typed[128];
		if (s != FB_OK && sum->unknown_device[0] && !o->pin &&
		    ask_fingerprint(&err, typed, sizeof typed)) {
			fb_import_opts again = *o;
			again.pin = typed;
			memset(&err, 0, sizeof err);
			s = fb_bundle_import(st, files[i], &again, sum, &err);
		}
		if (progress)
			fputc('\n', stderr);
		if (fmt == FB_FMT_JSON) {
			char *json = fb_sync_summary_json(sum);
			if (json)
				printf("%s\n", json);
			free(json);
		} else if (s == FB_OK || sum->nissues || sum->nnotes) {
			print_text(files[i], sum, s == FB_OK);
		}
		fflush(stdout);
		if (s != FB_OK)
			rc = fail_visible(&err);
	}
	free(sum);
	return rc;
}

int cmd_import(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"format", required_argument, NULL, 'F'},
		{"progress", no_argument, NULL, 'p'},
		{"bulk-min", required_argument, NULL, 'B'},
		{"pin", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	fb_import_opts o = {0};
	fb_format fmt = FB_FMT_TEXT;
	int c, progress = isatty(2);
	long bulk_min;
	char pins[8192] = ""; /* HQ's Monday: a hundred new stations' fingerprints */
	while ((c = getopt_long(argc, argv, "hn", opts, NULL)) != -1) {
		switch (c) {
		case 'n': o.dry_run = 1; break;
		case 'F':
			if (fb_format_parse(optarg, 1u << FB_FMT_TEXT | 1u << FB_FMT_JSON, &fmt))
				return cli_usage("import", _("--format is text or json"));
			break;
		case 'p': progress = 1; break;
		case 'P': /* several: one for each new sender of the pile */
			if (strlen(pins) + strlen(optarg) + 2 > sizeof pins)
				return cli_usage("import", _("too many --pin"));
			if (pins[0])
				strcat(pins, ",");
			strcat(pins, optarg);
			o.pin = pins;
			break;
		case 'B':
			if (cli_int("--bulk-min", optarg, 1, 1000000000L, &bulk_min))
				return EXIT_USAGE;
			o.bulk_min = bulk_min;
			break;
		case 'h': return usage_help();
		default: return cli_usage("import", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("import", _("which bundle? give FILE"));
	char shown[512];
	for (int i = optind; i < argc; i++)
		if (access(argv[i], R_OK))
			return cli_error(EXIT_USER, _("cannot read %s: %s"),
			                 vis(argv[i], shown, sizeof shown), strerror(errno));
	fb_store *st = cli_store(cli, 1);
	if (!st)
		return EXIT_USER;
	/* Who may import: a leader or HQ, signed in; a database with nobody on
	 * its roster yet (a new laptop taking its first bundle) is being set
	 * up. What the bundle itself may change is the importer's rule. */
	fb_error err = {0};
	int setting_up = fb_auth_setting_up(st, &err);
	if (setting_up < 0)
		return cli_fail(&err);
	if (!o.dry_run && !setting_up) {
		fb_person me = {0}; /* into their own database: the lanes decide the rest */
		if (fb_store_actor(st) && fb_person_get(st, fb_store_actor(st), &me, &err))
			return cli_fail(&err);
		fb_perm_on on = {.group_id = me.group_id};
		fb_person_free(&me);
		if (fb_perm_check(st, FB_ACT_BUNDLE_IMPORT, &on, &err))
			return cli_fail(&err);
	}
	if (progress) {
		o.progress = show_progress;
		o.progress_ctx = "import";
	}
	return import_all(st, argv + optind, argc - optind, &o, fmt, progress);
}
