/* cmd_sheet.c - fieldbook sheet add|list|show|file|ticket: the contact
 * record sheet (联系基层工会记录单) of circular 004; show prints the form. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void sheet_help(void)
{
	printf(_("Usage: fieldbook sheet add --by NAME --unit UNIT --content TEXT [options]\n"
	         "       fieldbook sheet list [--group G] [--unit UNIT] [--unfiled] [--limit N]\n"
	         "                            [--after ID] [--format table|csv|json]\n"
	         "       fieldbook sheet show ID [--format text|json]\n"
	         "       fieldbook sheet file ID --by LEADER [--date DATE]\n"
	         "       fieldbook sheet ticket ID --by NAME --category C --routing R\n\n"
	         "One sheet per contact with a grassroots union, filed (备案) by the group\n"
	         "leader; a filed sheet is not changed. 'ticket' turns the problem on the sheet\n"
	         "into a ticket that points back at it (handed over to the department when the\n"
	         "problem is beyond the cadre's authority). 'show' prints the sheet.\n\n"
	         "  --date DATE       the day of the contact (default today)\n"
	         "  --mode M          on_site (default), video, phone, wechat\n"
	         "  --met-with WHO    who received the cadre (name and post)\n"
	         "  --opinions TEXT   needs and suggestions heard\n"
	         "  --problem TEXT    the problem found\n"
	         "  --beyond          beyond the cadre's authority: needs --handed-to\n"
	         "  --handed-to DEPT  the department it is handed over to\n"
	         "  --feedback TEXT   the feedback\n"
	         "  --log ID          the daily log of the contact\n"));
}

enum {
	O_BY = 256,
	O_UNIT,
	O_CONTENT,
	O_DATE,
	O_MODE,
	O_MET,
	O_OPINIONS,
	O_PROBLEM,
	O_BEYOND,
	O_HANDED,
	O_FEEDBACK,
	O_LOG,
	O_GROUP,
	O_UNFILED,
	O_LIMIT,
	O_AFTER,
	O_FORMAT,
	O_CATEGORY,
	O_ROUTING
};

static const struct option sheet_opts[] = {
	{"by", required_argument, NULL, O_BY},
	{"unit", required_argument, NULL, O_UNIT},
	{"content", required_argument, NULL, O_CONTENT},
	{"date", required_argument, NULL, O_DATE},
	{"mode", required_argument, NULL, O_MODE},
	{"met-with", required_argument, NULL, O_MET},
	{"opinions", required_argument, NULL, O_OPINIONS},
	{"problem", required_argument, NULL, O_PROBLEM},
	{"beyond", no_argument, NULL, O_BEYOND},
	{"handed-to", required_argument, NULL, O_HANDED},
	{"feedback", required_argument, NULL, O_FEEDBACK},
	{"log", required_argument, NULL, O_LOG},
	{"group", required_argument, NULL, O_GROUP},
	{"unfiled", no_argument, NULL, O_UNFILED},
	{"limit", required_argument, NULL, O_LIMIT},
	{"after", required_argument, NULL, O_AFTER},
	{"format", required_argument, NULL, O_FORMAT},
	{"category", required_argument, NULL, O_CATEGORY},
	{"routing", required_argument, NULL, O_ROUTING},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct sargs {
	const char *v[O_ROUTING - O_BY + 1];
} sargs;
#define ARG(a, o) ((a)->v[(o)-O_BY])

static int parse(const char *cmd, int argc, char **argv, int first, sargs *a)
{
	return cli_sub_options(cmd, argc, argv, first, sheet_opts, O_BY, a->v,
	                       sizeof a->v / sizeof a->v[0], sheet_help);
}

static int fail_field(fb_error *err)
{
	static const char *const map[][2] = {
		{"date", "--date"},
		{"mode", "--mode"},
		{"met_with", "--met-with"},
		{"content", "--content"},
		{"opinions", "--opinions"},
		{"problem", "--problem"},
		{"handed_to", "--handed-to"},
		{"feedback", "--feedback"},
		{"unit", "--unit"},
		{"author", "--by"},
		{"by", "--by"},
		{"log", "--log"},
		{"filed_on", "--date"},
	};
	return cli_fail_field(err, map, sizeof map / sizeof map[0]);
}

static int sheet_add(fb_cli *cli, int argc, char **argv)
{
	sargs a;
	int rc = parse("sheet add", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	static const int need[] = {O_BY, O_UNIT, O_CONTENT};
	static const char *const names[] = {"--by", "--unit", "--content"};
	for (int i = 0; i < 3; i++)
		if (!ARG(&a, need[i]))
			return cli_usage("sheet add", _("%s is required"), names[i]);
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_sheet s = {0};
	int64_t group;
	if (cli_person_group(cli, "--by", ARG(&a, O_BY), &s.author_id, &group) ||
	    cli_unit(cli, "--unit", group, ARG(&a, O_UNIT), &s.unit_id))
		return EXIT_USER;
	if (cli_date("--date", ARG(&a, O_DATE) ? ARG(&a, O_DATE) : "today", s.date))
		return EXIT_USER;
	if (ARG(&a, O_MODE) && cli_code(cli, FB_CAT_MODE, "--mode", ARG(&a, O_MODE), s.mode))
		return EXIT_USER;
	if (ARG(&a, O_LOG) && cli_id("--log", ARG(&a, O_LOG), &s.log_id))
		return EXIT_USER;
	s.met_with = (char *)ARG(&a, O_MET);
	s.content = (char *)ARG(&a, O_CONTENT);
	s.opinions = (char *)ARG(&a, O_OPINIONS);
	s.problem = (char *)ARG(&a, O_PROBLEM);
	s.beyond = ARG(&a, O_BEYOND) != NULL;
	s.handed_to = (char *)ARG(&a, O_HANDED);
	s.feedback = (char *)ARG(&a, O_FEEDBACK);
	fb_error err = {0};
	if (fb_sheet_save(cli->st, &s, &err))
		return fail_field(&err);
	cli_printf(_("Contact record sheet %lld saved.\n"), (long long)s.id);
	return EXIT_OK;
}

/* The sheet as the printed form of circular 004. */
static void print_sheet(fb_cli *cli, const fb_sheet *s)
{
	const char *none = _("(none)");
	cli_printf("%s\n\n", _("Contact record sheet (联系基层工会记录单)"));
	cli_printf(_("No.: %lld        Date: %s        Contact: %s\n"), (long long)s->id, s->date,
	           fb_category_label(cli->st, FB_CAT_MODE, s->mode));
	cli_printf(_("Grassroots unit: %s\n"), s->unit_name);
	cli_printf(_("Cadre: %s        Received by: %s\n"), s->author_name,
	           s->met_with[0] ? s->met_with : none);
	cli_printf("\n%s\n%s\n", _("What was done and learned:"), s->content);
	cli_printf("\n%s\n%s\n", _("Opinions and suggestions:"), s->opinions[0] ? s->opinions : none);
	cli_printf("\n%s\n%s\n", _("Problems:"), s->problem[0] ? s->problem : none);
	if (s->beyond)
		cli_printf(_("Beyond the cadre's authority: handed over to %s\n"), s->handed_to);
	if (s->ticket_id)
		cli_printf(_("Registered as ticket %lld\n"), (long long)s->ticket_id);
	cli_printf("\n%s\n%s\n", _("Feedback:"), s->feedback[0] ? s->feedback : none);
	if (s->filed_by)
		cli_printf(_("\nFiled (备案) by %s on %s\n"), s->filed_by_name, s->filed_on);
	else
		cli_printf("\n%s\n", _("Not filed yet"));
}

static int sheet_show(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	sargs a;
	int rc = cli_arg_id("sheet show", argc, argv, sheet_help, &id);
	if (rc || (rc = parse("sheet show", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = cli_show_format("sheet show", ARG(&a, O_FORMAT), &fmt)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_sheet s;
	fb_error err = {0};
	if (fb_sheet_get(cli->st, id, &s, &err))
		return cli_fail(&err);
	if (fmt == FB_FMT_JSON) {
		cli_jobj o;
		cli_jobj_begin(&o, stdout);
		cli_jobj_int(&o, "id", s.id);
		cli_jobj_str(&o, "uuid", s.uuid);
		cli_jobj_str(&o, "date", s.date);
		cli_jobj_str(&o, "mode", s.mode);
		cli_jobj_int(&o, "unit_id", s.unit_id);
		cli_jobj_str(&o, "unit", s.unit_name);
		cli_jobj_str(&o, "author", s.author_name);
		cli_jobj_str(&o, "met_with", s.met_with);
		cli_jobj_str(&o, "content", s.content);
		cli_jobj_str(&o, "opinions", s.opinions);
		cli_jobj_str(&o, "problem", s.problem);
		cli_jobj_int(&o, "beyond", s.beyond);
		cli_jobj_str(&o, "handed_to", s.handed_to);
		cli_jobj_str(&o, "feedback", s.feedback);
		cli_jobj_int(&o, "ticket_id", s.ticket_id);
		cli_jobj_str(&o, "filed_by", s.filed_by_name);
		cli_jobj_str(&o, "filed_on", s.filed_on);
		cli_jobj_int(&o, "log_id", s.log_id);
		cli_jobj_end(&o);
		putchar('\n');
	} else {
		print_sheet(cli, &s);
	}
	fb_sheet_free(&s);
	return EXIT_OK;
}

static int sheet_file(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0, by = 0;
	sargs a;
	int rc = cli_arg_id("sheet file", argc, argv, sheet_help, &id);
	if (rc || (rc = parse("sheet file", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY))
		return cli_usage("sheet file", _("%s is required"), "--by");
	char date[11];
	if (!cli_store(cli, 0) || cli_person(cli, "--by", ARG(&a, O_BY), &by) ||
	    (ARG(&a, O_DATE) && cli_date("--date", ARG(&a, O_DATE), date)))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_sheet_file(cli->st, id, by, ARG(&a, O_DATE) ? date : NULL, &err))
		return fail_field(&err);
	cli_printf(_("Contact record sheet %lld filed.\n"), (long long)id);
	return EXIT_OK;
}

static int sheet_ticket(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0, by = 0, ticket = 0;
	sargs a;
	int rc = cli_arg_id("sheet ticket", argc, argv, sheet_help, &id);
	if (rc || (rc = parse("sheet ticket", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	static const int need[] = {O_BY, O_CATEGORY, O_ROUTING};
	static const char *const names[] = {"--by", "--category", "--routing"};
	for (int i = 0; i < 3; i++)
		if (!ARG(&a, need[i]))
			return cli_usage("sheet ticket", _("%s is required"), names[i]);
	char cat[CLI_CODE_SIZE], routing[CLI_CODE_SIZE];
	if (!cli_store(cli, 0) || cli_person(cli, "--by", ARG(&a, O_BY), &by) ||
	    cli_code(cli, FB_CAT_PROBLEM, "--category", ARG(&a, O_CATEGORY), cat) ||
	    cli_code(cli, FB_CAT_ROUTING, "--routing", ARG(&a, O_ROUTING), routing))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_sheet_to_ticket(cli->st, id, by, cat, routing, &ticket, &err))
		return fail_field(&err);
	cli_printf(_("Ticket %lld registered from contact record sheet %lld.\n"), (long long)ticket,
	           (long long)id);
	return EXIT_OK;
}

struct sheet_list {
	fb_cli *cli;
	fb_sheet_filter f;
	fb_format fmt;
	fb_sheet_row rows[CLI_LIST_BATCH];
};

static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct sheet_list *sl = ctx;
	return fb_sheet_page(sl->cli->st, &sl->f, dir, cur, sl->rows, want, err);
}

static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	struct sheet_list *sl = ctx;
	const fb_sheet_row *r = &sl->rows[i];
	(void)err;
	int table = sl->fmt == FB_FMT_TABLE;
	char id[24], ticket[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(ticket, sizeof ticket, r->ticket_id || !table ? "%lld" : "%.0lld",
	         (long long)r->ticket_id);
	const char *filed = r->filed ? (table ? _("yes") : "1") : (table ? "" : "0");
	const char *cells[] = {id,
	                       r->date,
	                       r->author,
	                       r->unit,
	                       table ? fb_category_label(sl->cli->st, FB_CAT_MODE, r->mode) : r->mode,
	                       filed,
	                       ticket,
	                       r->problem};
	return fb_table_row(t, cells);
}

static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct sheet_list *sl = ctx;
	fb_sheet_row_cursor(&sl->rows[i], cur);
	return sl->rows[i].id;
}

static int sheet_list(fb_cli *cli, int argc, char **argv)
{
	sargs a;
	int rc = parse("sheet list", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	static struct sheet_list sl;
	memset(&sl, 0, sizeof sl);
	sl.cli = cli;
	long limit;
	int64_t after;
	if ((rc = cli_list_options("sheet list", ARG(&a, O_FORMAT), ARG(&a, O_LIMIT),
	                           ARG(&a, O_AFTER), &sl.fmt, &limit, &after)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	if (ARG(&a, O_GROUP) && cli_group(cli, "--group", ARG(&a, O_GROUP), &sl.f.group_id))
		return EXIT_USER;
	if (ARG(&a, O_UNIT) && cli_unit(cli, "--unit", sl.f.group_id, ARG(&a, O_UNIT), &sl.f.unit_id))
		return EXIT_USER;
	sl.f.unfiled_only = ARG(&a, O_UNFILED) != NULL;
	fb_cursor cur = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	if (after) {
		fb_sheet s;
		fb_error err = {0};
		if (fb_sheet_get(cli->st, after, &s, &err))
			return cli_fail(&err);
		fb_sheet_row r = {.id = s.id};
		snprintf(r.date, sizeof r.date, "%s", s.date);
		fb_sheet_row_cursor(&r, &cur);
		fb_sheet_free(&s);
		dir = FB_PAGE_NEXT;
	}
	static const fb_column cols[] = {
		{"id", N_("ID"), 6, 1, 1},
		{"date", N_("Date"), 10, 0, 0},
		{"author", N_("Cadre"), 8, 0, 0},
		{"unit", N_("Unit"), 24, 0, 0},
		{"mode", N_("Contact"), 10, 0, 0},
		{"filed", N_("Filed"), 4, 0, 1},
		{"ticket_id", N_("Ticket"), 6, 1, 1},
		{"problem", N_("Problems"), 30, 0, 0},
	};
	cli_list l = {.fmt = sl.fmt,
	              .cols = cols,
	              .ncols = 8,
	              .limit = limit,
	              .ctx = &sl,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	return cli_list_run(&l, dir, &cur, "fieldbook sheet list");
}

int cmd_sheet(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", sheet_add},   {"list", sheet_list},     {"show", sheet_show},
		{"file", sheet_file}, {"ticket", sheet_ticket},
	};
	return cli_subcommand(cli, "sheet", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      sheet_help);
}
