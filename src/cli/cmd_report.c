/* cmd_report.c - fieldbook report weekly|monthly|stage|show|list|edit|submit:
 * compile a group's report from its logs, edit its sections, submit it,
 * read it as text, Markdown or CSV. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/report.h"
#include "output.h"

static void report_help(void)
{
	printf(_("Usage: fieldbook report weekly [--week 2026-W47] [--group G] [--format F]\n"
	         "       fieldbook report monthly [--month 2026-11] [--group G] [--format F]\n"
	         "       fieldbook report stage [--group G] [--format F]\n"
	         "       fieldbook report show ID [--format F]\n"
	         "       fieldbook report list [--group G] [--kind K] [--all] [--limit N]\n"
	         "                             [--format table|csv|json]\n"
	         "       fieldbook report edit ID --section S (--text TEXT | --file PATH)\n"
	         "       fieldbook report submit ID\n\n"
	         "weekly, monthly and stage compile the group's report for the period from the\n"
	         "daily logs and tickets (a draft is made the first time, its sections filled\n"
	         "in from the logs) and print it. A submitted report is frozen: editing it\n"
	         "makes a new revision and keeps the old one.\n\n"
	         "  --week W        ISO week, like 2026-W47 (default: this week)\n"
	         "  --month M       month, like 2026-11 (default: this month)\n"
	         "  --group G       work group name or id (needed when there are several)\n"
	         "  --format F      txt (default), md (Markdown) or csv (the members' figures)\n"
	         "  --width N       page width in columns (default: the terminal's, or 80)\n"
	         "  --section S     work_done, research, problems or next_plan\n"
	         "  --text TEXT     the section's new text\n"
	         "  --file PATH     read the section's new text from a file (- for stdin)\n"
	         "  --kind K        weekly, monthly or stage\n"
	         "  --all           list every revision, not only the latest\n"));
}

enum {
	O_WEEK = 256, O_MONTH, O_GROUP, O_FORMAT, O_WIDTH, O_SECTION, O_TEXT, O_FILE, O_KIND,
	O_ALL, O_LIMIT
};

static const struct option report_opts[] = {
	{"week", required_argument, NULL, O_WEEK},
	{"month", required_argument, NULL, O_MONTH},
	{"group", required_argument, NULL, O_GROUP},
	{"format", required_argument, NULL, O_FORMAT},
	{"width", required_argument, NULL, O_WIDTH},
	{"section", required_argument, NULL, O_SECTION},
	{"text", required_argument, NULL, O_TEXT},
	{"file", required_argument, NULL, O_FILE},
	{"kind", required_argument, NULL, O_KIND},
	{"all", no_argument, NULL, O_ALL},
	{"limit", required_argument, NULL, O_LIMIT},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct rargs {
	const char *v[O_LIMIT - O_WEEK + 1];
	const char *id; /* the one positional argument, if allowed */
} rargs;
#define ARG(a, o) ((a)->v[(o) - O_WEEK])

/* Parse options after the subcommand; want_id: one positional ID. -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, int want_id, rargs *a)
{
	int c;
	memset(a, 0, sizeof *a);
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "h", report_opts, NULL)) != -1) {
		if (c == 'h') {
			report_help();
			return -1;
		}
		if (c < O_WEEK || c > O_LIMIT)
			return cli_usage(cmd, _("unknown option '%s'"), argv[optind]);
		ARG(a, c) = optarg ? optarg : "1";
	}
	int rest = argc - 1 - optind;
	if (want_id && rest == 1)
		a->id = argv[1 + optind];
	else if (want_id && rest == 0)
		return cli_usage(cmd, _("the report's ID is missing (see: fieldbook report list)"));
	else if (rest > 0)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[1 + optind + want_id]);
	return 0;
}

int cli_width(const char *opt_value)
{
	long v;
	if (opt_value)
		return cli_int("--width", opt_value, 40, 1000, &v) ? -1 : (int)v;
	const char *env = getenv("COLUMNS");
	if (env && atoi(env) >= 40)
		return atoi(env);
	struct winsize ws;
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

/* The group from --group, or the only group there is. */
static int pick_group(fb_cli *cli, const char *cmd, const char *name, int64_t *id)
{
	if (name)
		return cli_group(cli, "--group", name, id);
	sqlite3_stmt *s = fb_store_stmt(cli->st, "SELECT MIN(id), COUNT(*) FROM work_groups"
	                                         " WHERE deleted = 0", NULL);
	int n = 0;
	if (s && sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		n = sqlite3_column_int(s, 1);
	}
	if (s)
		sqlite3_reset(s);
	if (n == 1)
		return EXIT_OK;
	if (n == 0)
		return cli_error(EXIT_USER, _("there is no work group yet (set one up with: fieldbook init)"));
	return cli_usage(cmd, _("--group is needed: there are %d work groups"), n);
}

static int parse_format(const char *cmd, const char *s, fb_report_format *fmt)
{
	*fmt = FB_RFMT_TEXT;
	if (!s || !strcmp(s, "txt") || !strcmp(s, "text"))
		return EXIT_OK;
	if (!strcmp(s, "md") || !strcmp(s, "markdown")) {
		*fmt = FB_RFMT_MARKDOWN;
		return EXIT_OK;
	}
	if (!strcmp(s, "csv")) {
		*fmt = FB_RFMT_CSV;
		return EXIT_OK;
	}
	return cli_usage(cmd, _("--format must be txt, md or csv"));
}

/* Print the report and, on stderr, what to do next. */
static int print_report(fb_cli *cli, const fb_report *r, fb_report_format fmt, int width)
{
	char *text = fb_report_render(cli->st, r, fmt, width);
	if (!text)
		return cli_error(EXIT_USER, _("out of memory"));
	fputs(text, stdout);
	free(text);
	if (fmt != FB_RFMT_CSV && isatty(2)) {
		if (!strcmp(r->status, "draft"))
			fprintf(stderr, _("Report %lld is a draft: edit it with 'fieldbook report edit %lld "
			                  "--section work_done --file FILE', submit it with 'fieldbook "
			                  "report submit %lld'.\n"),
			        (long long)r->id, (long long)r->id, (long long)r->id);
		else if (!r->latest)
			fprintf(stderr, _("Report %lld is an old revision.\n"), (long long)r->id);
	}
	return EXIT_OK;
}

/* report weekly|monthly|stage */
static int report_compile(fb_cli *cli, int argc, char **argv)
{
	char cmd[32];
	snprintf(cmd, sizeof cmd, "report %s", argv[1]);
	fb_report_kind kind = (fb_report_kind)fb_report_kind_parse(argv[1]);
	rargs a;
	int rc = parse(cmd, argc, argv, 0, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_report_format fmt;
	if ((rc = parse_format(cmd, ARG(&a, O_FORMAT), &fmt)))
		return rc;
	if (ARG(&a, O_WEEK) && kind != FB_REPORT_WEEKLY)
		return cli_usage(cmd, _("--week is for weekly reports"));
	if (ARG(&a, O_MONTH) && kind != FB_REPORT_MONTHLY)
		return cli_usage(cmd, _("--month is for monthly reports"));
	int width = cli_width(ARG(&a, O_WIDTH));
	if (width < 0)
		return EXIT_USER;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	int64_t group_id;
	if ((rc = pick_group(cli, cmd, ARG(&a, O_GROUP), &group_id)))
		return rc;
	fb_period p;
	fb_error err = {0};
	char today[11], ym[8];
	fb_date_format(fb_today(), today);
	fb_status st;
	if (kind == FB_REPORT_WEEKLY) {
		if (ARG(&a, O_WEEK)) {
			st = fb_period_week(ARG(&a, O_WEEK), &p, &err);
			snprintf(err.field, sizeof err.field, "--week");
		} else {
			fb_period_week_of(today, &p);
			st = FB_OK;
		}
	} else if (kind == FB_REPORT_MONTHLY) {
		snprintf(ym, sizeof ym, "%.7s", today);
		st = fb_period_month(ARG(&a, O_MONTH) ? ARG(&a, O_MONTH) : ym, &p, &err);
		snprintf(err.field, sizeof err.field, "--month");
	} else {
		st = fb_period_stage(cli->st, group_id, &p, &err);
	}
	if (st)
		return cli_fail(&err);
	fb_report r;
	if (fb_report_compile(cli->st, group_id, kind, &p, &r, &err))
		return cli_fail(&err);
	rc = print_report(cli, &r, fmt, width);
	fb_report_free(&r);
	return rc;
}

static int report_id(const char *s, int64_t *id)
{
	long v;
	if (cli_int("ID", s, 1, 0x7fffffffL, &v))
		return EXIT_USER;
	*id = v;
	return EXIT_OK;
}

static int report_show(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report show", argc, argv, 1, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_report_format fmt;
	if ((rc = parse_format("report show", ARG(&a, O_FORMAT), &fmt)))
		return rc;
	int64_t id;
	if (report_id(a.id, &id) || !cli_store(cli, 0))
		return EXIT_USER;
	int width = cli_width(ARG(&a, O_WIDTH));
	if (width < 0)
		return EXIT_USER;
	fb_report r;
	fb_error err = {0};
	if (fb_report_get(cli->st, id, &r, &err))
		return cli_fail(&err);
	rc = print_report(cli, &r, fmt, width);
	fb_report_free(&r);
	return rc;
}

/* The whole of a file (or stdin for "-"). Caller frees; NULL with errno. */
static char *read_all(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				errno = ENOMEM;
			}
			buf = nb;
		}
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!buf || bad) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static int report_edit(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report edit", argc, argv, 1, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	const char *sec_s = ARG(&a, O_SECTION), *text = ARG(&a, O_TEXT), *file = ARG(&a, O_FILE);
	if (!sec_s)
		return cli_usage("report edit", _("--section is required"));
	int sec = fb_report_section_parse(sec_s);
	if (sec < 0)
		return cli_usage("report edit",
		                 _("--section must be work_done, research, problems or next_plan"));
	if (!text == !file)
		return cli_usage("report edit", _("give the new text with --text or --file"));
	int64_t id;
	if (report_id(a.id, &id) || !cli_store(cli, 0))
		return EXIT_USER;
	char *buf = NULL;
	if (file && !(buf = read_all(file)))
		return cli_error(EXIT_USER, _("--file: cannot read %s: %s"), file, strerror(errno));
	fb_error err = {0};
	int64_t changed = 0;
	fb_status st = fb_report_set_section(cli->st, id, (fb_report_section)sec, file ? buf : text,
	                                     &changed, &err);
	free(buf);
	if (st) {
		if (file && st == FB_EINVAL)
			fb_error_at(&err, strcmp(file, "-") ? file : "stdin", 0);
		return cli_fail(&err);
	}
	if (changed != id)
		printf(_("Report %lld was submitted; the change is in its new revision, report %lld "
		         "(a draft).\n"),
		       (long long)id, (long long)changed);
	else
		printf(_("Report %lld: %s updated.\n"), (long long)id, sec_s);
	return EXIT_OK;
}

static int report_submit(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report submit", argc, argv, 1, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	int64_t id;
	if (report_id(a.id, &id) || !cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_report_submit(cli->st, id, &err))
		return cli_fail(&err);
	printf(_("Report %lld submitted; it is now frozen.\n"), (long long)id);
	return EXIT_OK;
}

static int report_list(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report list", argc, argv, 0, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt = FB_FMT_TABLE;
	if (ARG(&a, O_FORMAT) && fb_format_parse(ARG(&a, O_FORMAT), 7, &fmt))
		return cli_usage("report list", _("--format must be table, csv or json"));
	long limit = 50;
	if (ARG(&a, O_LIMIT) && cli_int("--limit", ARG(&a, O_LIMIT), 0, 100000000L, &limit))
		return EXIT_USER;
	fb_report_filter f = {.kind = ARG(&a, O_KIND), .all_revisions = ARG(&a, O_ALL) != NULL};
	if (f.kind && fb_report_kind_parse(f.kind) < 0)
		return cli_usage("report list", _("--kind must be weekly, monthly or stage"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	if (ARG(&a, O_GROUP) && cli_group(cli, "--group", ARG(&a, O_GROUP), &f.group_id))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"id", N_("ID"), 9, 1, 1},
		{"group", N_("Group"), 16, 0, 0},
		{"kind", N_("Kind"), 8, 0, 0},
		{"period", N_("Period"), 9, 0, 0},
		{"from", N_("From"), 10, 0, 0},
		{"to", N_("To"), 10, 0, 0},
		{"revision", N_("Rev."), 4, 1, 1},
		{"status", N_("Status"), 10, 0, 0},
		{"submitted_at", N_("Submitted"), 20, 0, 0},
	};
	fb_column tr[9];
	for (int i = 0; i < 9; i++) {
		tr[i] = cols[i];
		tr[i].title = _(cols[i].title);
	}
	fb_table t;
	fb_table_begin(&t, stdout, fmt, tr, 9);
	fb_report_row rows[100];
	fb_cursor cur = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	fb_error err = {0};
	long left = limit ? limit : -1;
	while (left != 0) {
		int want = left < 0 || left > 100 ? 100 : (int)left;
		int n = fb_report_page(cli->st, &f, dir, &cur, rows, want, &err);
		if (n < 0) {
			fb_table_end(&t);
			return cli_fail(&err);
		}
		for (int i = 0; i < n; i++) {
			char id[24], rev[16];
			snprintf(id, sizeof id, "%lld", (long long)rows[i].id);
			snprintf(rev, sizeof rev, "%d", rows[i].revision_no);
			int table = fmt == FB_FMT_TABLE;
			const char *status = !table ? rows[i].status
			                     : !strcmp(rows[i].status, "submitted") ? _("submitted")
			                                                           : _("draft");
			const char *cells[] = {id, rows[i].group_name, rows[i].kind, rows[i].label,
			                       rows[i].period_start, rows[i].period_end, rev, status,
			                       rows[i].submitted_at};
			fb_table_row(&t, cells);
		}
		if (n < want)
			break;
		fb_report_row_cursor(&rows[n - 1], &cur);
		dir = FB_PAGE_NEXT;
		if (left > 0)
			left -= n;
	}
	fb_table_end(&t);
	return EXIT_OK;
}

int cmd_report(fb_cli *cli, int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(fb_cli *, int, char **); } subs[] = {
		{"weekly", report_compile}, {"monthly", report_compile}, {"stage", report_compile},
		{"show", report_show},      {"list", report_list},       {"edit", report_edit},
		{"submit", report_submit},
	};
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		report_help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(cli, argc, argv);
	return cli_usage("report", _("unknown subcommand '%s'"), argv[1]);
}
