/* cmd_export.c - fieldbook export: write a bundle for headquarters or a
 * station (full, or what changed since the last export to a peer). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sync.h"
#include "output.h"

/* Progress on stderr: "export: daily logs, 120000 rows". */
static void show_progress(void *ctx, const char *table, long rows)
{
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %s, %ld rows"), (const char *)ctx, fb_sync_table_label(table), rows);
	fflush(stderr);
}

/* "Bundle PATH written: N records (work groups 1, people 4, ...)." */
static void print_summary(const char *out, const fb_sync_summary *sum)
{
	char list[1024] = "";
	size_t n = 0;
	long rows = 0;
	for (int i = 0; i < sum->ntables; i++) {
		rows += sum->t[i].rows;
		if (sum->t[i].rows && n < sizeof list)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s %ld", n ? _(", ") : "",
			                      fb_sync_table_label(sum->t[i].table), sum->t[i].rows);
	}
	cli_printf(_("Bundle %s written: %ld records (%s).\n"), out, rows, list);
}

/* The usage of export, on stdout. */
static int export_help(void)
{
	printf(_("Usage: fieldbook export [--out FILE] [--full | --since-last PEER] "
	         "[--peer PEER]\n"
	         "                        [--group GROUP] [--plain | --kit]\n"
	         "Write a bundle: a zip file holding a CSV per table (UTF-8 with "
	         "BOM,\n"
	         "opens in Excel) and a manifest with checksums, signed by this "
	         "device and\n"
	         "sealed so that only its recipient can open it: a station's "
	         "bundle for HQ,\n"
	         "HQ's bundle for a group (--group) for that group's station. "
	         "Carry it on a\n"
	         "USB stick or send it by e-mail; the other side runs 'fieldbook "
	         "import FILE'.\n"
	         "  --out FILE         the bundle's file; without it "
	         "fieldbook-GROUP-DATE.zip\n"
	         "                     here (a kit: fieldbook-kit-GROUP-DATE.zip)\n"
	         "  --full             every record, deleted ones included (the "
	         "default)\n"
	         "  --since-last PEER  only what changed since the last export to "
	         "PEER\n"
	         "  --peer PEER        with --full: remember this export for PEER\n"
	         "  --group GROUP      only this work group's records (HQ to a "
	         "station)\n"
	         "  --compress         deflate the CSV files (smaller, slower)\n"
	         "  --plain            a plain zip, signed but not sealed: anyone "
	         "who finds\n"
	         "                     it can read every name and phone number in "
	         "it\n"
	         "  --kit              with --group: a station kit (the group's "
	         "roster and\n"
	         "                     targets, HQ's keys) sealed with a one-time "
	         "passphrase\n"
	         "                     that is printed: read it out over the "
	         "phone; the\n"
	         "                     station starts with 'fieldbook init --from "
	         "FILE'\n"
	         "  --progress         show progress even when stderr is not a "
	         "terminal\n"
	         "See fieldbook-bundle(5) for the format.\n"));
	printf("%s", _("\n   or: fieldbook export --xlsx --out FILE.xlsx [--group "
	               "GROUP]\n"
	               "Write the registers for Excel instead (工作日志, 问题台账, "
	               "人员): names\n"
	               "instead of ids, labels instead of codes, dates as dates, "
	               "phone numbers\n"
	               "as text, a frozen header row and filters. The bundle stays "
	               "the format\n"
	               "for machines; the workbook is for people.\n"));
	return EXIT_OK;
}

/* What the command line of export asks for. */
typedef struct export_args {
	fb_export_opts o;
	const char *out, *group;
	int full, kit, progress, xlsx;
} export_args;

/* Read argv into a: -1 to go on, else the exit code (--help, a mistake). */
static int parse_args(int argc, char **argv, export_args *a)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"full", no_argument, NULL, 'f'},
		{"since-last", required_argument, NULL, 's'},
		{"peer", required_argument, NULL, 'P'},
		{"compress", no_argument, NULL, 'z'},
		{"progress", no_argument, NULL, 'p'},
		{"group", required_argument, NULL, 'g'},
		{"xlsx", no_argument, NULL, 'x'},
		{"plain", no_argument, NULL, 'R'},
		{"kit", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 'f': a->full = 1; break;
		case 's':
			a->o.peer = optarg;
			a->o.since_last = 1;
			break;
		case 'P': a->o.peer = optarg; break;
		case 'z': a->o.compress = 1; break;
		case 'g': a->group = optarg; break;
		case 'p': a->progress = 1; break;
		case 'x': a->xlsx = 1; break;
		case 'R': a->o.plain = 1; break;
		case 'K': a->kit = 1; break;
		case 'h': return export_help();
		default: return cli_usage("export", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("export", _("unexpected argument '%s'"), argv[optind]);
	return -1;
}

/* The options that are missing or exclude each other: -1 if none, else
 * the exit code (the mistake said). */
static int check_args(const export_args *a)
{
	if (!a->out && a->xlsx)
		return cli_usage("export", _("--out FILE is required"));
	if (a->full && a->o.since_last)
		return cli_usage("export", _("--full and --since-last exclude each other"));
	if (a->xlsx && (a->full || a->o.peer || a->o.compress))
		return cli_usage("export",
		                 _("--xlsx writes registers: no --full, --since-last, --peer "
		                   "or --compress"));
	if (a->kit && (a->o.plain || a->o.since_last || !a->group))
		return cli_usage("export",
		                 _("--kit is a whole group's bundle: give --group, without "
		                   "--plain or --since-last"));
	return -1;
}

/* Write the bundle a asks for (a kit sealed with pass) and say what was
 * written; the exit code. */
static int write_bundle(fb_store *st, export_args *a, const char *pass)
{
	fb_export_opts *o = &a->o;
	if (a->progress) {
		o->progress = show_progress;
		o->progress_ctx = "export";
	}
	fb_sync_summary *sum = malloc(sizeof *sum); /* large: its list of issues */
	if (!sum)
		return cli_error(EXIT_USER, _("out of memory"));
	fb_error err = {0};
	fb_status s = fb_bundle_export(st, a->out, o, sum, &err);
	if (a->progress)
		fputc('\n', stderr);
	if (s == FB_OK)
		print_summary(a->out, sum);
	if (s == FB_OK && a->kit)
		cli_printf(_("Station kit written. Its one-time passphrase, to read out over the "
		             "phone (never write it on the stick):\n  %s\n"),
		           pass);
	if (s == FB_OK && o->plain)
		cli_note(_("warning: %s is not sealed: anyone who finds it can read every name and "
		           "phone number in it. Delete it once it has been imported."),
		         a->out);
	free(sum);
	return s == FB_OK ? EXIT_OK : cli_fail(&err);
}

int cmd_export(fb_cli *cli, int argc, char **argv)
{
	export_args a = {.progress = isatty(2)};
	char pass[32];
	int rc = parse_args(argc, argv, &a);
	if (rc < 0)
		rc = check_args(&a);
	if (rc >= 0)
		return rc;
	if (a.kit) {
		fb_kit_passphrase(pass);
		a.o.passphrase = pass;
	}
	fb_store *st = cli_store(cli, 0);
	if (!st)
		return EXIT_USER;
	if (a.group && cli_group(cli, "--group", a.group, &a.o.group_id))
		return EXIT_USER;
	char name[200], day[11];
	if (!a.out) { /* fieldbook-GROUP-DATE.zip here: the group and the day, no person */
		fb_error err = {0};
		if (fb_bundle_default_name(st, a.o.group_id, a.kit, fb_date_format(fb_today(), day),
		                           name, sizeof name, &err))
			return cli_fail(&err);
		a.out = name;
	}
	if (a.xlsx)
		return cli_export_registers(st, a.out, a.o.group_id,
		                            a.progress ? show_progress : NULL);
	return write_bundle(st, &a, pass);
}
