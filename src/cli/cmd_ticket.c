/* cmd_ticket.c - fieldbook ticket add|list|show|event|rm|undelete. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "output.h"

static void ticket_help(void)
{
	printf(_("Usage: fieldbook ticket add --by NAME --title TEXT --description TEXT\n"
	         "                            --category C --routing R [options]\n"
	         "       fieldbook ticket list [--status S|open] [--routing R] [--category C]\n"
	         "                             [--group G] [--owner NAME] [--overdue]\n"
	         "                             [--search WORDS] [--from DATE] [--to DATE]\n"
	         "                             [--limit N] [--after ID] [--asc]\n"
	         "                             [--format table|csv|json]\n"
	         "       fieldbook ticket show ID [--format text|json]\n"
	         "       fieldbook ticket rm ID\n"
	         "       fieldbook ticket undelete ID\n"
	         "       fieldbook ticket event ID STEP --by NAME [--text TEXT] [--dept DEPT]\n"
	         "                             [--routing R] [--at 'DATE HH:MM' | --date DATE]\n\n"
	         "  --by NAME          who registers it / who takes the step\n"
	         "  --category C       wage_arrears, social_insurance, labour_contract, ... or "
	         "拖欠工资\n"
	         "  --routing R        party_gov (党委政府协调), union_system (工会系统内解决),\n"
	         "                     county_union (县级工会自身解决)\n"
	         "  --unit UNIT        the enterprise or place concerned\n"
	         "  --raised-by WHO    who raised the problem\n"
	         "  --date DATE        when it was registered (default today); for a step:\n"
	         "                     the day it happened (at 12:00), not in the future\n"
	         "  --at 'DATE HH:MM'  when a step happened (default now): not in the future,\n"
	         "                     not before the ticket was opened or its last step\n"
	         "  --due DATE         when it must be answered (default 30 days later)\n"
	         "  --owner NAME       who follows it up (default the group leader)\n"
	         "  --log ID           the daily log it came from\n"
	         "Steps: start, hand_over (needs --dept), escalate (needs --dept), answer,\n"
	         "return_visit, close, reopen, note (these need --text).\n"));
}

enum {
	O_BY = 256,
	O_TITLE,
	O_DESC,
	O_CAT,
	O_ROUTING,
	O_UNIT,
	O_RAISED,
	O_DATE,
	O_DUE,
	O_OWNER,
	O_LOG,
	O_STATUS,
	O_GROUP,
	O_OVERDUE,
	O_SEARCH,
	O_FROM,
	O_TO,
	O_LIMIT,
	O_ASC,
	O_FORMAT,
	O_TEXT,
	O_DEPT,
	O_AT,
	O_AFTER
};

static const struct option ticket_opts[] = {
	{"by", required_argument, NULL, O_BY},
	{"title", required_argument, NULL, O_TITLE},
	{"description", required_argument, NULL, O_DESC},
	{"category", required_argument, NULL, O_CAT},
	{"routing", required_argument, NULL, O_ROUTING},
	{"unit", required_argument, NULL, O_UNIT},
	{"raised-by", required_argument, NULL, O_RAISED},
	{"date", required_argument, NULL, O_DATE},
	{"due", required_argument, NULL, O_DUE},
	{"owner", required_argument, NULL, O_OWNER},
	{"log", required_argument, NULL, O_LOG},
	{"status", required_argument, NULL, O_STATUS},
	{"group", required_argument, NULL, O_GROUP},
	{"overdue", no_argument, NULL, O_OVERDUE},
	{"search", required_argument, NULL, O_SEARCH},
	{"from", required_argument, NULL, O_FROM},
	{"to", required_argument, NULL, O_TO},
	{"limit", required_argument, NULL, O_LIMIT},
	{"asc", no_argument, NULL, O_ASC},
	{"format", required_argument, NULL, O_FORMAT},
	{"text", required_argument, NULL, O_TEXT},
	{"dept", required_argument, NULL, O_DEPT},
	{"at", required_argument, NULL, O_AT},
	{"after", required_argument, NULL, O_AFTER},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct targs {
	const char *v[O_AFTER - O_BY + 1];
} targs;
#define ARG(a, o) ((a)->v[(o)-O_BY])

/* Parse options from argv[first..]; -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, int first, targs *a)
{
	return cli_sub_options(cmd, argc, argv, first, ticket_opts, O_BY, a->v,
	                       sizeof a->v / sizeof a->v[0], ticket_help);
}

/* Say err with the core's field name turned into the option that sets it. */
static int fail_field(fb_error *err)
{
	static const char *const map[][2] = {
		{"opened_by", "--by"},      {"owner", "--owner"},
		{"opened_on", "--date"},    {"due_on", "--due"},
		{"title", "--title"},       {"description", "--description"},
		{"unit", "--unit"},         {"raised_by", "--raised-by"},
		{"category", "--category"}, {"routing", "--routing"},
		{"log", "--log"},           {"actor", "--by"},
		{"body", "--text"},         {"dept", "--dept"},
		{"kind", "STEP"},
	};
	return cli_fail_field(err, map, sizeof map / sizeof map[0]);
}

static int ticket_add(fb_cli *cli, int argc, char **argv)
{
	targs a;
	int rc = parse("ticket add", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY) && !cli->as)
		return cli_usage("ticket add", _("--by is required (or --as: whoever signs in)"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_ticket t = {0};
	char date[11], due[11];
	const char *s;
	t.opened_on = fb_date_format(fb_today(), date);
	if (!ARG(&a, O_BY))
		t.opened_by = fb_store_actor(cli->st);
	else if (cli_person(cli, "--by", ARG(&a, O_BY), &t.opened_by))
		return EXIT_USER;
	if ((s = ARG(&a, O_OWNER)) && cli_person(cli, "--owner", s, &t.owner_id))
		return EXIT_USER;
	if ((s = ARG(&a, O_DATE)) && cli_date("--date", s, date))
		return EXIT_USER;
	if ((s = ARG(&a, O_DUE))) {
		if (cli_date("--due", s, due))
			return EXIT_USER;
		t.due_on = due;
	}
	if ((s = ARG(&a, O_LOG)) && cli_id("--log", s, &t.log_id))
		return EXIT_USER;
	char cat[CLI_CODE_SIZE], routing[CLI_CODE_SIZE];
	if ((s = ARG(&a, O_CAT))) {
		if (cli_code(cli, FB_CAT_PROBLEM, "--category", s, cat))
			return EXIT_USER;
		t.category = cat;
	}
	if ((s = ARG(&a, O_ROUTING))) {
		if (cli_code(cli, FB_CAT_ROUTING, "--routing", s, routing))
			return EXIT_USER;
		t.routing = routing;
	}
	t.title = (char *)ARG(&a, O_TITLE);
	t.description = (char *)ARG(&a, O_DESC);
	t.unit = (char *)ARG(&a, O_UNIT);
	t.raised_by = (char *)ARG(&a, O_RAISED);
	fb_error err = {0};
	if (fb_ticket_insert(cli->st, &t, &err) != FB_OK)
		return fail_field(&err);
	cli_printf(_("Ticket %lld registered.\n"), (long long)t.id);
	return EXIT_OK;
}

static int ticket_event(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	targs a;
	int rc = cli_arg_id("ticket event", argc, argv, ticket_help, &id);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (argc < 4 || argv[3][0] == '-')
		return cli_usage("ticket event",
		                 _("which step? start, hand_over, escalate, answer, "
		                   "return_visit, close, reopen or note"));
	if ((rc = parse("ticket event", argc, argv, 4, &a)))
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY) && !cli->as)
		return cli_usage("ticket event", _("--by is required (or --as: whoever signs in)"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	char kind[CLI_CODE_SIZE], routing[CLI_CODE_SIZE];
	if (cli_code(cli, FB_CAT_EVENT, "STEP", argv[3], kind))
		return EXIT_USER;
	fb_ticket_event ev = {.ticket_id = id, .kind = kind};
	const char *s;
	if (!ARG(&a, O_BY))
		ev.actor_id = fb_store_actor(cli->st);
	else if (cli_person(cli, "--by", ARG(&a, O_BY), &ev.actor_id))
		return EXIT_USER;
	if ((s = ARG(&a, O_ROUTING))) {
		if (cli_code(cli, FB_CAT_ROUTING, "--routing", s, routing))
			return EXIT_USER;
		ev.routing = routing;
	}
	ev.body = (char *)ARG(&a, O_TEXT);
	ev.dept = (char *)ARG(&a, O_DEPT);
	fb_error err = {0};
	/* backdated: --at "2026-11-21 15:30" or --date 2026-11-21 (noon) */
	const char *when_opt = ARG(&a, O_AT) ? "--at" : "--date";
	char at[21];
	if (ARG(&a, O_AT) && ARG(&a, O_DATE))
		return cli_usage("ticket event", _("give --at or --date, not both"));
	if ((s = ARG(&a, O_AT) ? ARG(&a, O_AT) : ARG(&a, O_DATE))) {
		if (fb_datetime_parse(s, at, when_opt, &err) != FB_OK)
			return cli_fail(&err);
		ev.at = at;
	}
	if (fb_ticket_event_add(cli->st, &ev, &err) != FB_OK) {
		if (!strcmp(err.field, "at"))
			snprintf(err.field, sizeof err.field, "%s", when_opt);
		return fail_field(&err);
	}
	fb_ticket t;
	if (fb_ticket_get(cli->st, id, &t, &err) != FB_OK) /* saved, but it cannot be read back */
		return cli_fail(&err);
	cli_printf(_("Ticket %lld: %s recorded; status now %s.\n"), (long long)id,
	           fb_category_label(cli->st, FB_CAT_EVENT, kind),
	           fb_category_label(cli->st, FB_CAT_STATUS, t.status));
	fb_ticket_free(&t);
	return EXIT_OK;
}

struct show_ctx {
	fb_cli *cli;
	int json;
	int n;
};

/* One step of the history (fb_ticket_history's callback): a line of text
 * or a JSON object; 0 to go on. */
static int show_event(const fb_ticket_event *ev, void *ctx)
{
	struct show_ctx *c = ctx;
	if (c->json) {
		cli_jobj o;
		if (c->n)
			fputs(", ", stdout);
		cli_jobj_begin(&o, stdout);
		cli_jobj_str(&o, "at", ev->at);
		cli_jobj_str(&o, "step", ev->kind);
		cli_jobj_str(&o, "by", ev->actor_name);
		cli_jobj_str(&o, "text", ev->body);
		cli_jobj_str(&o, "dept", ev->dept);
		cli_jobj_str(&o, "status", ev->status_after);
		if (ev->routing_before) { /* an escalation that moved the ticket */
			cli_jobj_str(&o, "routing_before", ev->routing_before);
			cli_jobj_str(&o, "routing", ev->routing);
		}
		cli_jobj_end(&o);
	} else {
		char when[20];
		fb_local_time(ev->at, 1, when, sizeof when);
		cli_printf("  %s  %s  %s", when, ev->actor_name,
		           fb_category_label(c->cli->st, FB_CAT_EVENT, ev->kind));
		if (ev->dept[0])
			cli_printf(" → %s", ev->dept);
		if (ev->routing_before && ev->routing_before[0])
			cli_printf(_(" (routing: %s → %s)"),
			           fb_category_label(c->cli->st, FB_CAT_ROUTING, ev->routing_before),
			           fb_category_label(c->cli->st, FB_CAT_ROUTING, ev->routing));
		else if (ev->routing_before)
			cli_printf(_(" (routing now: %s)"),
			           fb_category_label(c->cli->st, FB_CAT_ROUTING, ev->routing));
		cli_printf("\n");
		if (ev->body[0])
			cli_printf("      %s\n", ev->body);
	}
	c->n++;
	return 0;
}

/* The ticket's fields as JSON, up to its history (the caller closes it). */
static void show_json_head(const fb_ticket *t)
{
	cli_jobj o;
	cli_jobj_begin(&o, stdout);
	cli_jobj_int(&o, "id", t->id);
	cli_jobj_str(&o, "uuid", t->uuid);
	cli_jobj_str(&o, "opened_on", t->opened_on);
	cli_jobj_str(&o, "due_on", t->due_on);
	cli_jobj_str(&o, "status", t->status);
	cli_jobj_str(&o, "routing", t->routing);
	cli_jobj_str(&o, "category", t->category);
	cli_jobj_str(&o, "title", t->title);
	cli_jobj_str(&o, "description", t->description);
	cli_jobj_str(&o, "unit", t->unit);
	cli_jobj_str(&o, "opened_by", t->opened_by_name);
	cli_jobj_str(&o, "owner", t->owner_name);
	cli_jobj_str(&o, "raised_by", t->raised_by);
	cli_jobj_int(&o, "log_id", t->log_id);
	cli_jobj_key(&o, "history");
	putchar('[');
}

/* The ticket's fields for a person, up to its history. */
static void show_text_head(fb_cli *cli, const fb_ticket *t)
{
	cli_printf(_("Ticket %lld: %s\n"), (long long)t->id, t->title);
	cli_printf(_("%s: %s\n"), _("Status"), fb_category_label(cli->st, FB_CAT_STATUS, t->status));
	cli_printf(_("%s: %s\n"), _("Category"),
	           fb_category_label(cli->st, FB_CAT_PROBLEM, t->category));
	cli_printf(_("%s: %s\n"), _("Routing"),
	           fb_category_label(cli->st, FB_CAT_ROUTING, t->routing));
	char today[11];
	int overdue = strcmp(t->status, FB_ST_CLOSED) &&
	              strcmp(t->due_on, fb_date_format(fb_today(), today)) < 0;
	cli_printf(_("%s: %s   %s: %s%s\n"), _("Opened"), t->opened_on, _("Due"), t->due_on,
	           overdue ? _("  (overdue)") : "");
	cli_printf(_("%s: %s   %s: %s\n"), _("Registered by"), t->opened_by_name, _("Owner"),
	           t->owner_name ? t->owner_name : "-");
	if (t->unit && *t->unit)
		cli_printf(_("%s: %s\n"), _("Unit"), t->unit);
	if (t->raised_by && *t->raised_by)
		cli_printf(_("%s: %s\n"), _("Raised by"), t->raised_by);
	if (t->log_id)
		cli_printf(_("%s: %lld\n"), _("From daily log"), (long long)t->log_id);
	cli_printf(_("%s: %s\n\n%s:\n"), _("Description"), t->description, _("History"));
}

static int ticket_show(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	targs a;
	int rc = cli_arg_id("ticket show", argc, argv, ticket_help, &id);
	if (rc || (rc = parse("ticket show", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = cli_show_format("ticket show", ARG(&a, O_FORMAT), &fmt)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_ticket t;
	fb_error err = {0};
	if (fb_ticket_get(cli->st, id, &t, &err) != FB_OK)
		return cli_fail(&err);
	struct show_ctx c = {cli, fmt == FB_FMT_JSON, 0};
	if (c.json)
		show_json_head(&t);
	else
		show_text_head(cli, &t);
	fb_status st = fb_ticket_history(cli->st, id, show_event, &c, &err);
	if (c.json)
		printf("]}\n");
	rc = st != FB_OK ? cli_fail(&err)
	     : c.json    ? EXIT_OK
	              : (cli_printf("\n"), cli_history_print(cli, _("Changes:"), "tickets", t.uuid));
	fb_ticket_free(&t);
	return rc;
}

/* ticket rm ID / ticket undelete ID: delete a ticket, or undo that. */
static int ticket_delete_or_back(fb_cli *cli, int argc, char **argv)
{
	int back = !strcmp(argv[1], "undelete");
	const char *cmd = back ? "ticket undelete" : "ticket rm";
	int64_t id = 0;
	int rc = cli_arg_id(cmd, argc, argv, ticket_help, &id);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (argc > 3)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[3]);
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if ((back ? fb_ticket_undelete : fb_ticket_delete)(cli->st, id, &err) != FB_OK)
		return cli_fail(&err);
	cli_printf(back ? _("Ticket %lld restored.\n") : _("Ticket %lld deleted.\n"), (long long)id);
	return EXIT_OK;
}

/* ticket list: the filter, the page being shown, the output format. */
struct ticket_list {
	fb_cli *cli;
	fb_ticket_filter f;
	fb_format fmt;
	fb_ticket_row rows[CLI_LIST_BATCH];
};

/* cli_list hooks: a page of tickets into tl->rows (count, -1 on error). */
static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct ticket_list *tl = ctx;
	return fb_ticket_page(tl->cli->st, &tl->f, dir, cur, tl->rows, want, err);
}

/* Row i into the table: labels for people, codes for CSV and JSON. */
static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	struct ticket_list *tl = ctx;
	const fb_ticket_row *r = &tl->rows[i];
	(void)err;
	char id[24], status[64], routing[64];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	int table = tl->fmt == FB_FMT_TABLE;
	snprintf(status, sizeof status, "%s",
	         table ? fb_category_label(tl->cli->st, FB_CAT_STATUS, r->status) : r->status);
	snprintf(routing, sizeof routing, "%s",
	         table ? fb_category_label(tl->cli->st, FB_CAT_ROUTING, r->routing) : r->routing);
	const char *overdue = r->overdue ? (table ? _("yes") : "1") : (table ? "" : "0");
	const char *cells[] = {id,      r->opened_on, r->due_on, status,
	                       routing, r->owner,     overdue,   r->title};
	return fb_table_row(t, cells);
}

/* Row i's id, and its keyset cursor into cur. */
static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct ticket_list *tl = ctx;
	fb_ticket_row_cursor(&tl->rows[i], &tl->f, cur);
	return tl->rows[i].id;
}

/* The list's filter from the options (codes into the buffers of c). */
struct list_codes {
	char status[CLI_CODE_SIZE], routing[CLI_CODE_SIZE], category[CLI_CODE_SIZE];
	char from[11], to[11];
};

/* The filter options of ticket list into f (codes kept in c); EXIT_OK or
 * the exit code of a mistake (said). */
static int list_filter(fb_cli *cli, targs *a, fb_ticket_filter *f, struct list_codes *c)
{
	const char *s;
	*f = (fb_ticket_filter){.ascending = ARG(a, O_ASC) != NULL,
	                        .text = ARG(a, O_SEARCH),
	                        .overdue_only = ARG(a, O_OVERDUE) != NULL};
	if ((s = ARG(a, O_STATUS))) {
		if (!strcmp(s, "open"))
			f->status = "open";
		else if (cli_code(cli, FB_CAT_STATUS, "--status", s, c->status))
			return EXIT_USER;
		else
			f->status = c->status;
	}
	if ((s = ARG(a, O_ROUTING))) {
		if (cli_code(cli, FB_CAT_ROUTING, "--routing", s, c->routing))
			return EXIT_USER;
		f->routing = c->routing;
	}
	if ((s = ARG(a, O_CAT))) {
		if (cli_code(cli, FB_CAT_PROBLEM, "--category", s, c->category))
			return EXIT_USER;
		f->category = c->category;
	}
	if ((s = ARG(a, O_GROUP)) && cli_group(cli, "--group", s, &f->group_id))
		return EXIT_USER;
	if ((s = ARG(a, O_OWNER)) && cli_person(cli, "--owner", s, &f->owner_id))
		return EXIT_USER;
	if ((s = ARG(a, O_FROM))) {
		if (cli_date("--from", s, c->from))
			return EXIT_USER;
		f->date_from = c->from;
	}
	if ((s = ARG(a, O_TO))) {
		if (cli_date("--to", s, c->to))
			return EXIT_USER;
		f->date_to = c->to;
	}
	return EXIT_OK;
}

static int ticket_list(fb_cli *cli, int argc, char **argv)
{
	targs a;
	int rc = parse("ticket list", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	struct ticket_list tl = {.cli = cli, .fmt = FB_FMT_TABLE};
	long limit;
	int64_t after;
	if ((rc = cli_list_options("ticket list", ARG(&a, O_FORMAT), ARG(&a, O_LIMIT),
	                           ARG(&a, O_AFTER), &tl.fmt, &limit, &after)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	struct list_codes codes;
	if ((rc = list_filter(cli, &a, &tl.f, &codes)))
		return rc;
	fb_cursor cur = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	if (after) {
		fb_ticket t;
		fb_error err = {0};
		if (fb_ticket_get(cli->st, after, &t, &err) != FB_OK)
			return cli_fail(&err);
		fb_ticket_row r = {.id = t.id};
		snprintf(r.opened_on, sizeof r.opened_on, "%s", t.opened_on);
		fb_ticket_row_cursor(&r, &tl.f, &cur);
		dir = FB_PAGE_NEXT;
		fb_ticket_free(&t);
	}
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"opened_on", N_("Opened"), 10, 0, 0},
		{"due_on", N_("Due"), 10, 0, 0},
		{"status", N_("Status"), 12, 0, 0},
		{"routing", N_("Routing"), 16, 0, 0},
		{"owner", N_("Owner"), 8, 0, 0},
		{"overdue", N_("Overdue"), 4, 0, 1},
		{"title", N_("Title"), 40, 0, 0},
	};
	cli_list l = {.fmt = tl.fmt,
	              .cols = cols,
	              .ncols = 8,
	              .limit = limit,
	              .ctx = &tl,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	return cli_list_run(&l, dir, &cur, "fieldbook ticket list");
}

int cmd_ticket(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", ticket_add},           {"list", ticket_list},
		{"show", ticket_show},         {"event", ticket_event},
		{"rm", ticket_delete_or_back}, {"undelete", ticket_delete_or_back},
	};
	return cli_subcommand(cli, "ticket", argc, argv, subs, sizeof subs / sizeof subs[0],
	                      ticket_help);
}
