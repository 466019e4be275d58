/* cmd_report.c - fieldbook report weekly|monthly|stage|show|list|edit|submit:
 * compile a group's report from its logs, edit its sections, submit it,
 * read it as text, Markdown or CSV. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/due.h"
#include "fieldbook/report.h"
#include "fieldbook/review.h"
#include "docx.h"
#include "output.h"

static void report_help(void)
{
	printf(_("Usage: fieldbook report weekly [--week 2026-W47] [--group G] [--format F]\n"
	         "       fieldbook report monthly [--month 2026-11] [--group G] [--format F]\n"
	         "       fieldbook report stage [--group G] [--format F]\n"
	         "       fieldbook report show ID [--format F]\n"
	         "       fieldbook report list [--group G] [--kind K] [--all] [--limit N]\n"
	         "                             [--after ID] [--format table|csv|json]\n"
	         "       fieldbook report edit ID --section S (--text TEXT | --file PATH)\n"
	         "       fieldbook report submit ID\n"
	         "       fieldbook report doc ID --out FILE.docx\n"
	         "       fieldbook report due|schedule|file ... (their options: fieldbook report "
	         "due -h)\n"
	         "       fieldbook report review|history ID ... (fieldbook report review -h)\n\n"
	         "weekly, monthly and stage compile the group's report for the period from the\n"
	         "daily logs and tickets (a draft is made the first time, its sections filled\n"
	         "in from the logs) and print it. A submitted report is frozen: editing it\n"
	         "makes a new revision and keeps the old one.\n\n"
	         "  --week W        ISO week, like 2026-W47 (default: this week)\n"
	         "  --month M       month, like 2026-11 (default: this month)\n"
	         "  --group G       work group name or id (needed when there are several)\n"
	         "  --format F      txt (default), md (Markdown) or csv (the members' figures)\n"
	         "  --width N       page width in columns (default: the terminal's, or 80)\n"
	         "  --section S     work_done, research, problems or next_plan (or its title)\n"
	         "  --text TEXT     the section's new text\n"
	         "  --file PATH     read the section's new text from a file (- for stdin)\n"
	         "  --kind K        weekly, monthly or stage (or 周报告...)\n"
	         "  --all           list every revision, not only the latest\n"
	         "  --out FILE      doc: the Word document to write (.docx, GB/T 9704 layout)\n"));
}

enum {
	O_WEEK = 256,
	O_MONTH,
	O_GROUP,
	O_FORMAT,
	O_WIDTH,
	O_SECTION,
	O_TEXT,
	O_FILE,
	O_KIND,
	O_ALL,
	O_LIMIT,
	O_AFTER,
	O_OUT
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
	{"after", required_argument, NULL, O_AFTER},
	{"out", required_argument, NULL, O_OUT},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct rargs {
	const char *v[O_OUT - O_WEEK + 1];
	const char *id; /* the one positional argument, if allowed */
} rargs;
#define ARG(a, o) ((a)->v[(o)-O_WEEK])

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
		if (c < O_WEEK || c > O_OUT)
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

/* --format of report show (text, md, csv...; NULL: text) into fmt; EXIT_OK
 * or the usage error (said). */
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

/* Its deadline and where it stands at HQ (returned: why), after the report. */
static void print_standing(fb_cli *cli, const fb_report *r)
{
	fb_due_item due;
	fb_review_status rs;
	fb_error err = {0};
	char st[64];
	if (fb_due_of_report(cli->st, r, &due, &err) == FB_OK)
		cli_printf(_("Deadline %s · %s\n"), due.due_on,
		           fb_due_state_text(&due, st, sizeof st));
	if (fb_review_status_of(cli->st, r->id, &rs, &err) != FB_OK || rs.state == FB_REVIEW_NONE)
		return;
	if (rs.reason[0])
		cli_printf(_("At HQ (revision %d): %s: %s\n"), rs.revision_no,
		           fb_review_state_label(rs.state), rs.reason);
	else
		cli_printf(_("At HQ (revision %d): %s\n"), rs.revision_no,
		           fb_review_state_label(rs.state));
}

/* Print the report and, on stderr, what to do next. */
static int print_report(fb_cli *cli, const fb_report *r, fb_report_format fmt, int width)
{
	char *text = fb_report_render(cli->st, r, fmt, width);
	if (!text)
		return cli_error(EXIT_USER, _("out of memory"));
	cli_put_document(text, fmt == FB_RFMT_CSV);
	free(text);
	if (fmt != FB_RFMT_CSV)
		print_standing(cli, r);
	if (fmt != FB_RFMT_CSV && isatty(2)) {
		if (!strcmp(r->status, "draft"))
			fprintf(stderr,
			        _("Report %lld is a draft: edit it with 'fieldbook report edit "
			          "%lld "
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
	if ((rc = cli_one_group(cli, cmd, ARG(&a, O_GROUP), &group_id)))
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
	if (cli_id(_("ID"), a.id, &id) || !cli_store(cli, 0))
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
	if (!text == !file)
		return cli_usage("report edit", _("give the new text with --text or --file"));
	char code[CLI_CODE_SIZE];
	if ((rc = cli_code(cli, CLI_REPORT_SECTION, "--section", sec_s, code)))
		return rc;
	int sec = fb_report_section_parse(code);
	int64_t id;
	if (cli_id(_("ID"), a.id, &id) || !cli_store(cli, 0))
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
		cli_printf(_("Report %lld was submitted; the change is in its new revision, report "
		             "%lld "
		             "(a draft).\n"),
		           (long long)id, (long long)changed);
	else
		cli_printf(_("Report %lld: %s updated.\n"), (long long)id,
		           fb_report_section_label((fb_report_section)sec));
	return EXIT_OK;
}

static int report_submit(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report submit", argc, argv, 1, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	int64_t id;
	if (cli_id(_("ID"), a.id, &id) || !cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_report_submit(cli->st, id, &err))
		return cli_fail(&err);
	cli_printf(_("Report %lld submitted; it is now frozen.\n"), (long long)id);
	return EXIT_OK;
}

/* report doc ID --out FILE: the report as a Word document. */
static int report_doc(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report doc", argc, argv, 1, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	const char *out = ARG(&a, O_OUT);
	if (!out || !*out)
		return cli_usage("report doc", _("--out is required"));
	int64_t id;
	if (cli_id(_("ID"), a.id, &id) || !cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_report_docx_write(cli->st, id, out, &err))
		return cli_fail(&err);
	cli_printf(_("Report %lld written to %s.\n"), (long long)id, out);
	return EXIT_OK;
}

/* report list: the filter, the page being shown, the output format. */
struct report_list {
	fb_cli *cli;
	fb_report_filter f;
	fb_format fmt;
	fb_report_row rows[CLI_LIST_BATCH];
};

/* cli_list hooks: a page of reports into rl->rows (count, -1 on error). */
static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct report_list *rl = ctx;
	return fb_report_page(rl->cli->st, &rl->f, dir, cur, rl->rows, want, err);
}

/* Row i into the table: labels and local times for people, codes for CSV and JSON. */
static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	struct report_list *rl = ctx;
	const fb_report_row *r = &rl->rows[i];
	(void)err;
	char id[24], rev[16], submitted[17] = "";
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(rev, sizeof rev, "%d", r->revision_no);
	int table = rl->fmt == FB_FMT_TABLE;
	/* people read labels and local times; CSV and JSON keep codes and UTC */
	const char *kind = r->kind, *status = r->status, *at = r->submitted_at;
	if (table) {
		kind = fb_report_kind_label_of(r->kind);
		status = !strcmp(r->status, "submitted") ? _("submitted") : _("draft");
		at = r->submitted_at[0]
		             ? fb_local_time(r->submitted_at, 1, submitted, sizeof submitted)
		             : "";
	}
	const char *cells[] = {id,  r->group_name, kind, r->label, r->period_start, r->period_end,
	                       rev, status,        at};
	return fb_table_row(t, cells);
}

/* Row i's id, and its keyset cursor into cur. */
static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct report_list *rl = ctx;
	fb_report_row_cursor(&rl->rows[i], cur);
	return rl->rows[i].id;
}

/* The cursor after report id (for --after). */
static int after_report(fb_cli *cli, int64_t id, fb_cursor *cur)
{
	fb_report r;
	fb_error err = {0};
	if (fb_report_get(cli->st, id, &r, &err))
		return cli_fail(&err);
	fb_report_row row = {.id = r.id};
	snprintf(row.period_start, sizeof row.period_start, "%s", r.period.start);
	fb_report_row_cursor(&row, cur);
	fb_report_free(&r);
	return EXIT_OK;
}

static int report_list(fb_cli *cli, int argc, char **argv)
{
	rargs a;
	int rc = parse("report list", argc, argv, 0, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct report_list rl = {.cli = cli, .fmt = FB_FMT_TABLE};
	long limit;
	int64_t after;
	if ((rc = cli_list_options("report list", ARG(&a, O_FORMAT), ARG(&a, O_LIMIT),
	                           ARG(&a, O_AFTER), &rl.fmt, &limit, &after)))
		return rc;
	char kind[CLI_CODE_SIZE];
	rl.f.all_revisions = ARG(&a, O_ALL) != NULL;
	if (ARG(&a, O_KIND)) {
		if ((rc = cli_code(cli, CLI_REPORT_KIND, "--kind", ARG(&a, O_KIND), kind)))
			return rc;
		rl.f.kind = kind;
	}
	if (!cli_store(cli, 0))
		return EXIT_USER;
	if (ARG(&a, O_GROUP) && cli_group(cli, "--group", ARG(&a, O_GROUP), &rl.f.group_id))
		return EXIT_USER;
	fb_cursor cur = {0};
	if (after && after_report(cli, after, &cur))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"id", N_("ID"), 9, 1, 1},
		{"group", N_("Group"), 16, 0, 0},
		{"kind", N_("Kind"), 14, 0, 0},
		{"period", N_("Period"), 9, 0, 0},
		{"from", N_("From"), 10, 0, 0},
		{"to", N_("To"), 10, 0, 0},
		{"revision", N_("Rev."), 4, 1, 1},
		{"status", N_("Status"), 10, 0, 0},
		{"submitted_at", N_("Submitted"), 16, 0, 0},
	};
	cli_list l = {.fmt = rl.fmt,
	              .cols = cols,
	              .ncols = 9,
	              .limit = limit,
	              .ctx = &rl,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	return cli_list_run(&l, after ? FB_PAGE_NEXT : FB_PAGE_FIRST, &cur, "fieldbook report list");
}

int cmd_report(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"weekly", report_compile},      {"monthly", report_compile},
		{"stage", report_compile},       {"show", report_show},
		{"list", report_list},           {"edit", report_edit},
		{"submit", report_submit},       {"doc", report_doc},
		{"due", cmd_report_due},         {"schedule", cmd_report_schedule},
		{"file", cmd_report_file},       {"review", cmd_report_review},
		{"history", cmd_report_history},
	};
	return cli_subcommand(cli, "report", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      report_help);
}
