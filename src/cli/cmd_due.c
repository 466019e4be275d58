/* cmd_due.c - the reporting calendar on the command line: fieldbook report
 * due (what is due, overdue, submitted late, per group and cadre; --summary
 * per group for HQ), report schedule (the circulars' reports and their due
 * rules, set by HQ) and report file (a report written elsewhere handed in). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fieldbook/due.h"
#include "fieldbook/review.h"
#include "output.h"

static void due_help(void)
{
	printf(_("Usage: fieldbook report due [--group G] [--open] [--summary] [--date D]\n"
	         "                            [--format table|csv|json]\n"
	         "       fieldbook report schedule [--format table|csv|json]\n"
	         "       fieldbook report schedule set CODE [--title T] [--writer W] [--period P]\n"
	         "                            [--due RULE] [--kind K] [--circular C]\n"
	         "       fieldbook report file CODE --period START [--group G] [--person NAME]\n"
	         "                            [--on DATE]\n\n"
	         "due lists every report the schedule asks for over the group's stay, with its\n"
	         "due date and state: not due yet, due soon (within 7 days), overdue, submitted\n"
	         "on time, submitted late (by how many days). Without --group: every group and\n"
	         "HQ's own reports. Working days leave out public holidays and count make-up\n"
	         "working days (fieldbook calendar).\n\n"
	         "  --open          only what is due soon or overdue\n"
	         "  --summary       one line per group: counts by state and days late\n"
	         "  --date D        the day to judge by (default: today)\n"
	         "  --writer W      leader, cadre (each cadre writes one) or hq\n"
	         "  --period P      week, month, bimonth, quarter, half_year or stay\n"
	         "  --due RULE      after:N (the Nth working day after the period), days:N,\n"
	         "                  fixed:MM-DD (the first such day from the period's start)\n"
	         "  --kind K        weekly, monthly or stage: the report fieldbook compiles and\n"
	         "                  whose submission answers it; none: answered by a filing\n"
	         "  --period START  (file) the first day of the period handed in\n"
	         "  --person NAME   (file) whose report, for a report of each cadre\n"
	         "  --on DATE       (file) the day it was handed in (default: today)\n"));
}

enum {
	O_GROUP = 256,
	O_OPEN,
	O_SUMMARY,
	O_DATE,
	O_FORMAT,
	O_TITLE,
	O_WRITER,
	O_PERIOD,
	O_DUE,
	O_KIND,
	O_CIRCULAR,
	O_PERSON,
	O_ON
};
#define NOPTS (O_ON - O_GROUP + 1)

/* Options after the subcommand into v (skip: argv words before them);
 * positional words into pos (up to npos). -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, int skip, const char **v, const char **pos,
                 int npos)
{
	static const struct option opts[] = {
		{"group", required_argument, NULL, O_GROUP},
		{"open", no_argument, NULL, O_OPEN},
		{"summary", no_argument, NULL, O_SUMMARY},
		{"date", required_argument, NULL, O_DATE},
		{"format", required_argument, NULL, O_FORMAT},
		{"title", required_argument, NULL, O_TITLE},
		{"writer", required_argument, NULL, O_WRITER},
		{"period", required_argument, NULL, O_PERIOD},
		{"due", required_argument, NULL, O_DUE},
		{"kind", required_argument, NULL, O_KIND},
		{"circular", required_argument, NULL, O_CIRCULAR},
		{"person", required_argument, NULL, O_PERSON},
		{"on", required_argument, NULL, O_ON},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int rc = cli_options(cmd, argc, argv, skip, opts, O_GROUP, v, due_help);
	if (rc)
		return rc;
	int n = 0;
	for (int i = skip + optind; i < argc; i++) {
		if (n == npos)
			return cli_usage(cmd, _("unexpected argument '%s'"), argv[i]);
		pos[n++] = argv[i];
	}
	return n < npos ? cli_usage(cmd, _("the report's code is missing (see: fieldbook report "
	                                   "schedule)"))
	                : 0;
}
#define V(o) v[(o)-O_GROUP]

static int parse_fmt(const char *cmd, const char *s, fb_format *f)
{
	*f = FB_FMT_TABLE;
	if (s && fb_format_parse(s, 7, f))
		return cli_usage(cmd, _("--format must be table, csv or json"));
	return EXIT_OK;
}

static int due_summary(fb_table *t, const fb_due_item *v, int n)
{
	fb_due_counts *c = NULL;
	int nc = 0;
	fb_error err = {0};
	if (fb_due_count(v, n, &c, &nc, &err))
		return cli_fail(&err);
	int rc = EXIT_OK;
	for (int i = 0; i < nc && rc == EXIT_OK; i++) {
		char num[5][12], rv[5][12], days[12];
		for (int k = 0; k < 5; k++) {
			snprintf(num[k], sizeof num[k], "%d", c[i].n[k]);
			snprintf(rv[k], sizeof rv[k], "%d", c[i].reviews[k]);
		}
		snprintf(days, sizeof days, "%d", c[i].late_days);
		const char *cells[] = {c[i].group_name,
		                       num[FB_DUE_OVERDUE],
		                       num[FB_DUE_LATE],
		                       num[FB_DUE_SOON],
		                       num[FB_DUE_ON_TIME],
		                       num[FB_DUE_NOT_YET],
		                       days,
		                       rv[FB_REVIEW_WAITING],
		                       rv[FB_REVIEW_READ],
		                       rv[FB_REVIEW_ACCEPTED],
		                       rv[FB_REVIEW_RETURNED]};
		if (fb_table_row(t, cells) < 0)
			rc = EXIT_USER;
	}
	free(c);
	return rc;
}

int cmd_report_due(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0};
	int rc = parse("report due", argc, argv, 1, v, NULL, 0);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = parse_fmt("report due", V(O_FORMAT), &fmt)))
		return rc;
	char day[11] = "";
	if (V(O_DATE) && cli_date("--date", V(O_DATE), day))
		return EXIT_USER;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_due_opts o = {.today = day, .open_only = V(O_OPEN) != NULL};
	if (V(O_GROUP) && cli_group(cli, "--group", V(O_GROUP), &o.group_id))
		return EXIT_USER;
	fb_due_item *items = NULL;
	int n = 0;
	fb_error err = {0};
	if (fb_due_list(cli->st, &o, &items, &n, &err))
		return cli_fail(&err);
	fb_table t;
	if (V(O_SUMMARY)) {
		static const fb_column cols[] = {
			{"group", N_("Group"), 20, 0, 0},
			{"overdue", N_("Overdue"), 8, 1, 1},
			{"late", N_("Late"), 8, 1, 1},
			{"due_soon", N_("Due soon"), 8, 1, 1},
			{"on_time", N_("On time"), 8, 1, 1},
			{"not_due", N_("Not due"), 8, 1, 1},
			{"late_days", N_("Days late"), 9, 1, 1},
			{"waiting", N_("Unread"), 6, 1, 1},
			{"read", N_("Read"), 6, 1, 1},
			{"accepted", N_("Accepted"), 8, 1, 1},
			{"returned", N_("Returned"), 8, 1, 1},
		};
		fb_table_begin(&t, stdout, fmt, cols, 11);
		rc = due_summary(&t, items, n);
	} else {
		/* a person reads a narrower table; CSV and JSON carry every field */
		static const fb_column cols[] = {
			{"group", N_("Group"), 12, 0, 0},
			{"report", N_("Report"), 20, 0, 0},
			{"person", N_("Whose"), 6, 0, 0},
			{"period", N_("Period"), 9, 0, 0},
			{"due_on", N_("Deadline"), 10, 0, 0},
			{"state", N_("State"), 24, 0, 0},
			{"done_on", N_("Handed in"), 10, 0, 0},
			{"report_id", N_("ID"), 5, 1, 1},
			{"code", N_("Code"), 16, 0, 0},
			{"from", N_("From"), 10, 0, 0},
			{"to", N_("To"), 10, 0, 0},
			{"days", N_("Days"), 4, 1, 1},
		};
		int table = fmt == FB_FMT_TABLE;
		fb_table_begin(&t, stdout, fmt, cols, table ? 8 : 12);
		for (int i = 0; i < n && rc == EXIT_OK; i++) {
			const fb_due_item *it = &items[i];
			char state[64], days[12], id[24] = "";
			if (table)
				fb_due_state_text(it, state, sizeof state);
			else
				snprintf(state, sizeof state, "%s", fb_due_state_code(it->state));
			snprintf(days, sizeof days, "%d", it->days);
			if (it->report_id)
				snprintf(id, sizeof id, "%lld", (long long)it->report_id);
			const char *label = !strcmp(it->period.label, "stage") && table
			                            ? fb_schedule_period_label("stay")
			                            : it->period.label;
			const char *cells[] = {it->group_name,  it->title,
			                       it->person_name, label,
			                       it->due_on,      state,
			                       it->done_on,     id,
			                       it->code,        it->period.start,
			                       it->period.end,  days};
			if (fb_table_row(&t, cells) < 0)
				rc = EXIT_USER;
		}
	}
	free(items);
	if (fb_table_end(&t) < 0 || rc)
		return EXIT_USER;
	return EXIT_OK;
}

/* ---- schedule ---- */

struct sched_ctx {
	fb_table *t;
	fb_format fmt;
	int failed;
};

static int sched_row(const fb_schedule *s, void *ctx)
{
	struct sched_ctx *c = ctx;
	int table = c->fmt == FB_FMT_TABLE;
	int k = fb_report_kind_parse(s->report_kind);
	const char *kind = table ? (k < 0 ? _("(filed)") : fb_report_kind_label((fb_report_kind)k))
	                         : s->report_kind;
	const char *cells[] = {s->code,
	                       table ? fb_schedule_title(s) : s->title,
	                       table ? fb_schedule_writer_label(s->writer) : s->writer,
	                       table ? fb_schedule_period_label(s->period) : s->period,
	                       s->due_rule,
	                       kind,
	                       s->circular};
	if (fb_table_row(c->t, cells) < 0) {
		c->failed = 1;
		return 1;
	}
	return 0;
}

static int schedule_set(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0}, *code = NULL;
	int rc = parse("report schedule set", argc, argv, 2, v, &code, 1);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_schedule s = {0};
	fb_error err = {0};
	fb_status st = fb_schedule_get(cli->st, code, &s, &err);
	if (st && st != FB_ENOTFOUND)
		return cli_fail(&err);
	if (st == FB_ENOTFOUND) {
		/* a new report: its title, writer, period and rule are needed */
		if (!V(O_TITLE) || !V(O_WRITER) || !V(O_PERIOD) || !V(O_DUE))
			return cli_usage(
				"report schedule set",
				_("a new report needs --title, --writer, --period and --due"));
		snprintf(s.code, sizeof s.code, "%s", code);
		s.sort = 100;
	}
	struct {
		int opt;
		char *dst;
		size_t size;
	} set[] = {
		{O_TITLE, s.title, sizeof s.title},
		{O_WRITER, s.writer, sizeof s.writer},
		{O_PERIOD, s.period, sizeof s.period},
		{O_DUE, s.due_rule, sizeof s.due_rule},
		{O_KIND, s.report_kind, sizeof s.report_kind},
		{O_CIRCULAR, s.circular, sizeof s.circular},
	};
	int changed = 0;
	for (size_t i = 0; i < sizeof set / sizeof *set; i++) {
		const char *val = V(set[i].opt);
		if (!val)
			continue;
		if (strlen(val) >= set[i].size)
			return cli_error(EXIT_USER, _("--%s: at most %d bytes"),
			                 set[i].opt == O_TITLE      ? "title"
			                 : set[i].opt == O_DUE      ? "due"
			                 : set[i].opt == O_CIRCULAR ? "circular"
			                 : set[i].opt == O_KIND     ? "kind"
			                 : set[i].opt == O_WRITER   ? "writer"
			                                            : "period",
			                 (int)set[i].size - 1);
		snprintf(set[i].dst, set[i].size, "%s",
		         strcmp(val, "none") || set[i].opt != O_KIND ? val : "");
		changed = 1;
	}
	if (!changed)
		return cli_usage("report schedule set", _("nothing to change"));
	if (fb_schedule_save(cli->st, &s, &err))
		return cli_fail(&err);
	cli_printf(_("%s (%s): due %s.\n"), fb_schedule_title(&s), s.code, s.due_rule);
	return EXIT_OK;
}

int cmd_report_schedule(fb_cli *cli, int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "set"))
		return schedule_set(cli, argc, argv);
	const char *v[NOPTS] = {0};
	int rc = parse("report schedule", argc, argv, 1, v, NULL, 0);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = parse_fmt("report schedule", V(O_FORMAT), &fmt)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"code", N_("Code"), 20, 0, 0},         {"title", N_("Report"), 30, 0, 0},
		{"writer", N_("Written by"), 10, 0, 0}, {"period", N_("Period"), 10, 0, 0},
		{"due_rule", N_("Due rule"), 12, 0, 0}, {"kind", N_("Compiled as"), 14, 0, 0},
		{"circular", N_("Circular"), 8, 0, 0},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 7);
	struct sched_ctx c = {&t, fmt, 0};
	fb_error err = {0};
	if (fb_schedule_each(cli->st, sched_row, &c, &err)) {
		fb_table_end(&t);
		return cli_fail(&err);
	}
	return fb_table_end(&t) < 0 || c.failed ? EXIT_USER : EXIT_OK;
}

/* ---- filings ---- */

int cmd_report_file(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0}, *code = NULL;
	int rc = parse("report file", argc, argv, 1, v, &code, 1);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!V(O_PERIOD))
		return cli_usage("report file", _("--period is required (the period's first day)"));
	char start[11], on[11];
	if (cli_date("--period", V(O_PERIOD), start))
		return EXIT_USER;
	fb_date_format(fb_today(), on);
	if (V(O_ON) && cli_date("--on", V(O_ON), on))
		return EXIT_USER;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_schedule s;
	fb_error err = {0};
	if (fb_schedule_get(cli->st, code, &s, &err))
		return cli_fail(&err);
	int64_t group = 0, person = 0;
	if (strcmp(s.writer, "hq") && (rc = cli_one_group(cli, "report file", V(O_GROUP), &group)))
		return rc;
	if (V(O_PERSON) && cli_person(cli, "--person", V(O_PERSON), &person))
		return EXIT_USER;
	if (fb_due_file(cli->st, code, group, person, start, on, fb_store_actor(cli->st), &err))
		return cli_fail(&err);
	cli_printf(_("%s of the period from %s: handed in on %s.\n"), fb_schedule_title(&s), start,
	           on);
	return EXIT_OK;
}
