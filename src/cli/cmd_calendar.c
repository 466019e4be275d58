/* cmd_calendar.c - fieldbook calendar: the working days (public holidays
 * and make-up working days, as data) and leave per person. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fieldbook/calendar.h"
#include "output.h"

static void calendar_help(void)
{
	printf(_("Usage: fieldbook calendar list [--year Y | --from D --to D]\n"
	         "                            [--format table|csv|json]\n"
	         "       fieldbook calendar add --from D [--to D] --kind holiday|workday --name N\n"
	         "       fieldbook calendar remove ID\n"
	         "       fieldbook calendar leave --person NAME --from D [--to D] [--reason R]\n"
	         "       fieldbook calendar leaves [--person NAME] [--year Y]\n"
	         "                            [--format table|csv|json]\n\n"
	         "Working days are Monday to Friday, less the public holidays, plus the\n"
	         "official make-up working days (调休上班). Days missing, the days a report is\n"
	         "due by and the contact-day target count working days only. Leave (请假)\n"
	         "recorded by the group leader is not due either.\n\n"
	         "  --year Y     a calendar year (default: this year)\n"
	         "  --from D     first day; --to D last day (default: the first day)\n"
	         "  --kind K     holiday (a public holiday) or workday (a make-up working day)\n"
	         "  --name N     what it is: 国庆节, 春节调休上班\n"
	         "  --reason R   why the person is away (one line)\n"));
}

enum { O_YEAR = 256, O_FROM, O_TO, O_KIND, O_NAME, O_PERSON, O_REASON, O_FORMAT };
#define NOPTS (O_FORMAT - O_YEAR + 1)
#define V(o) v[(o)-O_YEAR]

/* Options after the subcommand into v; *id: the one positional (remove). -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, const char **v, const char **id)
{
	static const struct option opts[] = {
		{"year", required_argument, NULL, O_YEAR},
		{"from", required_argument, NULL, O_FROM},
		{"to", required_argument, NULL, O_TO},
		{"kind", required_argument, NULL, O_KIND},
		{"name", required_argument, NULL, O_NAME},
		{"person", required_argument, NULL, O_PERSON},
		{"reason", required_argument, NULL, O_REASON},
		{"format", required_argument, NULL, O_FORMAT},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int rc = cli_options(cmd, argc, argv, 1, opts, O_YEAR, v, calendar_help);
	if (rc)
		return rc;
	int rest = argc - 1 - optind;
	if (id && rest == 1)
		*id = argv[1 + optind];
	else if (id && rest == 0)
		return cli_usage(cmd,
		                 _("the entry's ID is missing (see: fieldbook calendar list)"));
	else if (rest > 0)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[1 + optind + (id != NULL)]);
	return 0;
}

/* The span from --year or --from/--to (default: this year). */
static int span(const char **v, char from[11], char to[11])
{
	if (V(O_YEAR) && (V(O_FROM) || V(O_TO)))
		return cli_usage("calendar", _("give --year or --from and --to, not both"));
	long y;
	if (V(O_YEAR)) {
		if (cli_int("--year", V(O_YEAR), 1970, 9999, &y))
			return EXIT_USER;
	} else {
		y = fb_today().y;
	}
	snprintf(from, 11, "%04ld-01-01", y);
	snprintf(to, 11, "%04ld-12-31", y);
	if (V(O_FROM) && cli_date("--from", V(O_FROM), from))
		return EXIT_USER;
	if (V(O_TO) && cli_date("--to", V(O_TO), to))
		return EXIT_USER;
	return EXIT_OK;
}

/* The core names the record's fields; the user typed options. */
static int fail_opt(fb_error *err)
{
	if (!strcmp(err->field, "first_day"))
		snprintf(err->field, sizeof err->field, "--from");
	else if (!strcmp(err->field, "last_day"))
		snprintf(err->field, sizeof err->field, "--to");
	else if (!strcmp(err->field, "kind") || !strcmp(err->field, "name") ||
	         !strcmp(err->field, "reason") || !strcmp(err->field, "person")) {
		char f[16]; /* one of the four short names above */
		snprintf(f, sizeof f, "%.8s", err->field);
		snprintf(err->field, sizeof err->field, "--%s", f);
	}
	return cli_fail(err);
}

/* A list's options: the span and the format; -1 after --help. */
static int list_args(const char *cmd, int argc, char **argv, const char **v, char from[11],
                     char to[11], fb_format *fmt)
{
	int rc = parse(cmd, argc, argv, v, NULL);
	if (!rc)
		rc = span(v, from, to);
	*fmt = FB_FMT_TABLE;
	if (!rc && V(O_FORMAT) && fb_format_parse(V(O_FORMAT), 7, fmt))
		rc = cli_usage(cmd, _("--format must be table, csv or json"));
	return rc;
}

struct rows {
	fb_table *t;
	fb_format fmt;
	fb_cli *cli;
	int failed;
};

static int entry_row(const fb_calendar_entry *e, void *ctx)
{
	struct rows *r = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	const char *kind = r->fmt == FB_FMT_TABLE ? fb_calendar_kind_label(e->kind) : e->kind;
	const char *cells[] = {id, e->first_day, e->last_day, kind, e->name};
	return (r->failed = fb_table_row(r->t, cells) < 0);
}

static int cal_list(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0};
	char from[11], to[11];
	fb_format fmt;
	int rc = list_args("calendar list", argc, argv, v, from, to, &fmt);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"id", N_("ID"), 6, 1, 1},        {"first_day", N_("From"), 10, 0, 0},
		{"last_day", N_("To"), 10, 0, 0}, {"kind", N_("Kind"), 20, 0, 0},
		{"name", N_("Name"), 24, 0, 0},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 5);
	struct rows r = {&t, fmt, cli, 0};
	fb_error err = {0};
	fb_status st = fb_calendar_each(cli->st, from, to, entry_row, &r, &err);
	if (fb_table_end(&t) < 0 || r.failed)
		return EXIT_USER;
	if (st)
		return cli_fail(&err);
	if (fmt == FB_FMT_TABLE) {
		fb_workdays *w = NULL;
		if (fb_workdays_load(cli->st, &w, &err))
			return cli_fail(&err);
		cli_printf(_("%s to %s: %d working days.\n"), from, to,
		           fb_workdays_count(w, from, to));
		fb_workdays_free(w);
	}
	return EXIT_OK;
}

static int cal_add(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0};
	int rc = parse("calendar add", argc, argv, v, NULL);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!V(O_FROM) || !V(O_KIND) || !V(O_NAME))
		return cli_usage("calendar add", _("--from, --kind and --name are required"));
	fb_calendar_entry e = {0};
	if (cli_date("--from", V(O_FROM), e.first_day) ||
	    cli_date("--to", V(O_TO) ? V(O_TO) : V(O_FROM), e.last_day))
		return EXIT_USER;
	if (strlen(V(O_KIND)) >= sizeof e.kind || strlen(V(O_NAME)) >= sizeof e.name)
		return cli_error(EXIT_USER, _("--kind or --name is too long"));
	snprintf(e.kind, sizeof e.kind, "%s", V(O_KIND));
	snprintf(e.name, sizeof e.name, "%s", V(O_NAME));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_calendar_add(cli->st, &e, &err))
		return fail_opt(&err);
	cli_printf(_("Calendar entry %lld: %s to %s, %s (%s).\n"), (long long)e.id, e.first_day,
	           e.last_day, e.name, fb_calendar_kind_label(e.kind));
	return EXIT_OK;
}

static int cal_remove(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0}, *ids = NULL;
	int rc = parse("calendar remove", argc, argv, v, &ids);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	int64_t id;
	if (cli_id(_("ID"), ids, &id) || !cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_calendar_remove(cli->st, id, &err))
		return cli_fail(&err);
	cli_printf(_("Calendar entry %lld removed.\n"), (long long)id);
	return EXIT_OK;
}

static int cal_leave(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0};
	int rc = parse("calendar leave", argc, argv, v, NULL);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!V(O_PERSON) || !V(O_FROM))
		return cli_usage("calendar leave", _("--person and --from are required"));
	fb_leave l = {0};
	if (cli_date("--from", V(O_FROM), l.first_day) ||
	    cli_date("--to", V(O_TO) ? V(O_TO) : V(O_FROM), l.last_day))
		return EXIT_USER;
	if (V(O_REASON) && strlen(V(O_REASON)) >= sizeof l.reason)
		return cli_error(EXIT_USER, _("--reason: at most %d bytes"),
		                 (int)sizeof l.reason - 1);
	snprintf(l.reason, sizeof l.reason, "%s", V(O_REASON) ? V(O_REASON) : "");
	if (!cli_store(cli, 0) || cli_person(cli, "--person", V(O_PERSON), &l.person_id))
		return EXIT_USER;
	l.recorded_by = fb_store_actor(cli->st);
	fb_error err = {0};
	if (fb_leave_add(cli->st, &l, &err))
		return fail_opt(&err);
	cli_printf(_("Leave of %s recorded: %s to %s.\n"), V(O_PERSON), l.first_day, l.last_day);
	return EXIT_OK;
}

static int leave_row(const fb_leave *l, void *ctx)
{
	struct rows *r = ctx;
	fb_person p = {0};
	fb_error err = {0};
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)l->id);
	int found = fb_person_get(r->cli->st, l->person_id, &p, &err) == FB_OK;
	const char *cells[] = {id, found ? p.name : "", l->first_day, l->last_day, l->reason};
	r->failed = fb_table_row(r->t, cells) < 0;
	fb_person_free(&p);
	return r->failed;
}

static int cal_leaves(fb_cli *cli, int argc, char **argv)
{
	const char *v[NOPTS] = {0};
	char from[11], to[11];
	fb_format fmt;
	int rc = list_args("calendar leaves", argc, argv, v, from, to, &fmt);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	int64_t person = 0;
	if (!cli_store(cli, 0) || (V(O_PERSON) && cli_person(cli, "--person", V(O_PERSON), &person)))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"id", N_("ID"), 6, 1, 1},           {"person", N_("Person"), 10, 0, 0},
		{"first_day", N_("From"), 10, 0, 0}, {"last_day", N_("To"), 10, 0, 0},
		{"reason", N_("Reason"), 30, 0, 0},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 5);
	struct rows r = {&t, fmt, cli, 0};
	fb_error err = {0};
	fb_status st = fb_leave_each(cli->st, person, from, to, leave_row, &r, &err);
	if (fb_table_end(&t) < 0 || r.failed)
		return EXIT_USER;
	return st ? cli_fail(&err) : EXIT_OK;
}

int cmd_calendar(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"list", cal_list},   {"add", cal_add},       {"remove", cal_remove},
		{"leave", cal_leave}, {"leaves", cal_leaves},
	};
	return cli_subcommand(cli, "calendar", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      calendar_help);
}
