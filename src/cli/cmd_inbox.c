/* cmd_inbox.c - fieldbook inbox: headquarters' folder of bundles (a USB
 * stick mounted anywhere). Lists each bundle with its sender, when it was
 * made and whether it was imported before; --check and --import run each
 * bundle not imported yet on its own (one transaction each) and say in a
 * line what it did. A bundle from a group this database does not know is
 * imported only with --new-groups: a group is never added silently. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "inbox.h"
#include "output.h"

static void inbox_help(void)
{
	printf(_("Usage: fieldbook inbox DIR [--check | --import [--new-groups]]\n"
	         "                       [--format table|csv|json]\n"
	         "The bundles (*.zip) in the folder DIR, by name: who sent each, when it\n"
	         "was made, whether it was imported here before.\n"
	         "  --check        check each bundle not imported yet, write nothing\n"
	         "  --import       import each bundle not imported yet, one after the other,\n"
	         "                 each in one transaction (all of it or nothing)\n"
	         "  --new-groups   also import bundles from groups this database does not know\n"
	         "                 yet (they are skipped otherwise, and named)\n"
	         "  --format F     the list as a table (default), CSV or JSON\n"));
	printf("%s", _("  --pin FP       a fingerprint compared with a sender (fieldbook key show\n"
	               "                 there): its bundles are read and its keys pinned\n"));
}

/* The state of an entry in words. */
static const char *entry_state(const fb_inbox_entry *e)
{
	if (!e->readable)
		return _("cannot be read");
	if (e->imported)
		return _("imported before");
	if (e->group_uuid[0] && !e->group_id)
		return _("new group");
	return _("not imported yet");
}

/* Every entry as a table, CSV or JSON. */
static int inbox_list(fb_store *st, const fb_inbox *ib, fb_format fmt)
{
	static const fb_column cols[] = {
		{"file", N_("File"), 28, 0, 0}, {"group", N_("Work group"), 16, 0, 0},
		{"made", N_("Made"), 16, 0, 0}, {"state", N_("State"), 16, 0, 0},
		{"note", N_("Note"), 0, 0, 0},
	};
	fb_column tc[5];
	for (int i = 0; i < 5; i++)
		tc[i] = cols[i], tc[i].title = _(cols[i].title);
	fb_table t;
	fb_error err;
	fb_inbox_entry e;
	fb_table_begin(&t, stdout, fmt, tc, 5);
	for (int i = 0; i < fb_inbox_count(ib); i++) {
		char made[20] = "", grp[128];
		if (fb_inbox_entry_get(st, ib, i, &e, &err) < 0) {
			fb_table_end(&t);
			return cli_fail(&err);
		}
		if (e.readable)
			fb_local_time(e.created_at, 1, made, sizeof made);
		snprintf(grp, sizeof grp, "%s",
		         !e.readable       ? ""
		         : e.group_uuid[0] ? e.group_name
		                           : _("headquarters"));
		const char *cells[5] = {e.name, grp, made, entry_state(&e),
		                        e.readable ? "" : e.error};
		fb_table_row(&t, cells);
	}
	return fb_table_end(&t) ? cli_output_failed(1) : EXIT_OK;
}

/* --check / --import: each bundle not imported yet, a line each. */
static int inbox_run(fb_store *st, const fb_inbox *ib, int dry, int new_groups, const char *pins)
{
	fb_sync_summary *sum = malloc(sizeof *sum);
	fb_import_opts o = {.dry_run = dry, .pin = pins[0] ? pins : NULL};
	int rc = EXIT_OK, done = 0;
	if (!sum)
		return cli_error(EXIT_USER, _("out of memory"));
	for (int i = 0; i < fb_inbox_count(ib); i++) {
		fb_inbox_entry e;
		fb_error err = {0};
		char words[1024], buf[800];
		if (fb_inbox_entry_get(st, ib, i, &e, &err) < 0) {
			rc = cli_fail(&err);
			break;
		}
		if (e.readable && e.imported)
			continue;
		done++;
		if (fb_inbox_import(st, ib, i, new_groups, &o, sum, &err) == FB_OK) {
			printf("%s: %s\n", e.name, fb_sync_summary_words(sum, words, sizeof words));
			continue;
		}
		rc = EXIT_USER;
		fb_text_visible(fb_error_format(&err, buf, sizeof buf), 0, words, sizeof words);
		printf(_("%s: not imported: %s\n"), e.name, words);
		if (e.readable && e.group_uuid[0] && !e.group_id && !dry)
			printf("  %s\n",
			       _("If the group is one of yours, import again with --new-groups."));
		for (int k = 0; k < sum->nissues; k++) {
			const fb_sync_issue *is = &sum->issue[k];
			char f[64], fl[96], m[640];
			printf("  %s:%ld: %s%s%s\n", fb_text_visible(is->file, 0, f, sizeof f),
			       is->line, fb_text_visible(is->field, 0, fl, sizeof fl),
			       is->field[0] ? ": " : "", fb_text_visible(is->msg, 0, m, sizeof m));
		}
	}
	if (!done)
		printf("%s\n", _("Every bundle in the folder was imported before."));
	free(sum);
	return rc;
}

int cmd_inbox(fb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"check", no_argument, NULL, 'c'},
		{"import", no_argument, NULL, 'i'},
		{"new-groups", no_argument, NULL, 'N'},
		{"format", required_argument, NULL, 'F'},
		{"pin", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int c, check = 0, import = 0, new_groups = 0;
	char pins[1024] = "";
	fb_format fmt = FB_FMT_TABLE;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': check = 1; break;
		case 'i': import = 1; break;
		case 'N': new_groups = 1; break;
		case 'P':
			if (strlen(pins) + strlen(optarg) + 2 > sizeof pins)
				return cli_usage("inbox", _("too many --pin"));
			if (pins[0])
				strcat(pins, ",");
			strcat(pins, optarg);
			break;
		case 'F':
			if (fb_format_parse(optarg,
			                    1u << FB_FMT_TABLE | 1u << FB_FMT_CSV | 1u << FB_FMT_JSON,
			                    &fmt))
				return cli_usage("inbox", _("--format is table, csv or json"));
			break;
		case 'h': inbox_help(); return EXIT_OK;
		default: return cli_bad_option("inbox", c, argv, optind);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("inbox", _("name one folder of bundles"));
	if (check && import)
		return cli_usage("inbox", _("--check or --import, not both"));
	if (new_groups && !import)
		return cli_usage("inbox", _("--new-groups goes with --import"));
	fb_store *st = cli_store(cli, 0);
	if (!st)
		return EXIT_USER;
	fb_inbox *ib;
	fb_error err;
	if (fb_inbox_open(argv[optind], &ib, &err) != FB_OK)
		return cli_fail(&err);
	fb_inbox_set_pins(ib, pins[0] ? pins : NULL);
	int rc = check || import ? inbox_run(st, ib, check, new_groups, pins)
	                         : inbox_list(st, ib, fmt);
	fb_inbox_close(ib);
	return rc;
}
