/* cmd_unit.c - fieldbook unit add|list|show|edit|merge|rm: the units of
 * the contact ledger (enterprises, grassroots unions, communities,
 * households), one record per real unit. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void unit_help(void)
{
	printf(_(
		"Usage: fieldbook unit add --by NAME --name UNIT [--kind K] [options] [--new]\n"
		"       fieldbook unit list [--group G] [--kind K] [--match TEXT] [--merged]\n"
		"                           [--limit N] [--after ID] [--format table|csv|json]\n"
		"       fieldbook unit show ID [--format text|json]\n"
		"       fieldbook unit edit ID [options] [--new]\n"
		"       fieldbook unit merge ID --into ID --by NAME\n"
		"       fieldbook unit rm ID --by NAME\n\n"
		"A unit typed another way (有限公司 or 有限责任公司, full-width letters,\n"
		"spaces) is the unit already in the ledger: add refuses it and names it.\n"
		"--new says it is a different unit all the same. Two records that are one\n"
		"unit are merged: the visits move to the kept one, the other stays as history.\n\n"
		"  --by NAME          who records it (the unit joins their group's ledger)\n"
		"  --kind K           enterprise (default), union, community, household\n"
		"  --kinds LIST       kinds of enterprise (8类企业): difficulty, small_private...\n"
		"  --ownership O      state, collective, private, foreign, public, social, other\n"
		"  --sector TEXT      the trade or industry\n"
		"  --headcount N      workers employed\n"
		"  --address TEXT\n"
		"  --union yes|no|unknown   whether it has a union\n"
		"  --contact NAME     its contact person;  --contact-phone PHONE\n"
		"  --note TEXT\n"
		"  --match TEXT       units whose name holds TEXT, the likeliest first\n"));
}

enum {
	O_BY = 256,
	O_NAME,
	O_KIND,
	O_KINDS,
	O_OWNERSHIP,
	O_SECTOR,
	O_HEADCOUNT,
	O_ADDRESS,
	O_UNION,
	O_CONTACT,
	O_CPHONE,
	O_NOTE,
	O_NEW,
	O_GROUP,
	O_MATCH,
	O_MERGED,
	O_LIMIT,
	O_AFTER,
	O_FORMAT,
	O_INTO
};

static const struct option unit_opts[] = {
	{"by", required_argument, NULL, O_BY},
	{"name", required_argument, NULL, O_NAME},
	{"kind", required_argument, NULL, O_KIND},
	{"kinds", required_argument, NULL, O_KINDS},
	{"ownership", required_argument, NULL, O_OWNERSHIP},
	{"sector", required_argument, NULL, O_SECTOR},
	{"headcount", required_argument, NULL, O_HEADCOUNT},
	{"address", required_argument, NULL, O_ADDRESS},
	{"union", required_argument, NULL, O_UNION},
	{"contact", required_argument, NULL, O_CONTACT},
	{"contact-phone", required_argument, NULL, O_CPHONE},
	{"note", required_argument, NULL, O_NOTE},
	{"new", no_argument, NULL, O_NEW},
	{"group", required_argument, NULL, O_GROUP},
	{"match", required_argument, NULL, O_MATCH},
	{"merged", no_argument, NULL, O_MERGED},
	{"limit", required_argument, NULL, O_LIMIT},
	{"after", required_argument, NULL, O_AFTER},
	{"format", required_argument, NULL, O_FORMAT},
	{"into", required_argument, NULL, O_INTO},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

typedef struct uargs {
	const char *v[O_INTO - O_BY + 1];
} uargs;
#define ARG(a, o) ((a)->v[(o)-O_BY])

/* Options from argv[first..]; -1 after --help. */
static int parse(const char *cmd, int argc, char **argv, int first, uargs *a)
{
	return cli_sub_options(cmd, argc, argv, first, unit_opts, O_BY, a->v,
	                       sizeof a->v / sizeof a->v[0], unit_help);
}

/* The core's field names as the options that set them. */
static int fail_field(fb_error *err)
{
	static const char *const map[][2] = {
		{"name", "--name"},
		{"kind", "--kind"},
		{"enterprise_kinds", "--kinds"},
		{"ownership", "--ownership"},
		{"sector", "--sector"},
		{"headcount", "--headcount"},
		{"address", "--address"},
		{"has_union", "--union"},
		{"contact_person", "--contact"},
		{"contact_phone", "--contact-phone"},
		{"note", "--note"},
		{"into", "--into"},
	};
	return cli_fail_field(err, map, sizeof map / sizeof map[0]);
}

int cli_person_group(fb_cli *cli, const char *opt, const char *name, int64_t *person, int64_t *group)
{
	if (cli_person(cli, opt, name, person))
		return EXIT_USER;
	fb_person p = {0};
	fb_error err = {0};
	if (fb_person_get(cli->st, *person, &p, &err))
		return cli_fail(&err);
	*group = p.group_id;
	fb_person_free(&p);
	if (!*group)
		return cli_error(EXIT_USER, _("%s: '%s' is in no work group"), opt, name);
	return EXIT_OK;
}

int cli_unit(fb_cli *cli, const char *opt, int64_t group, const char *word, int64_t *id)
{
	if (word[0] >= '0' && word[0] <= '9' && strspn(word, "0123456789") == strlen(word))
		return cli_id(opt, word, id);
	fb_unit_row rows[6];
	fb_error err = {0};
	int n = fb_unit_match(cli->st, group, word, rows, 6, &err);
	if (n < 0)
		return cli_fail(&err);
	char key[512];
	fb_unit_name_key(word, key, sizeof key);
	/* the same key, and only one unit has it: that unit */
	if (n >= 1 && !strcmp(rows[0].key, key) && (n == 1 || strcmp(rows[1].key, key))) {
		*id = rows[0].id;
		return EXIT_OK;
	}
	if (n == 1)
		return cli_error(EXIT_USER, _("%s: no unit '%s'; did you mean %lld %s?"), opt, word,
		                 (long long)rows[0].id, rows[0].name);
	if (!n)
		return cli_error(EXIT_USER,
		                 _("%s: no unit '%s' in the ledger (add it: fieldbook unit add)"),
		                 opt, word);
	char list[1024] = "";
	size_t len = 0;
	for (int i = 0; i < n && i < 5; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld %s",
		                        i ? _(", ") : "", (long long)rows[i].id, rows[i].name);
	return cli_error(EXIT_USER, _("%s: '%s' could be several units: %s; give the number"), opt,
	                 word, list);
}

/* The fields the options set, over u (add and edit). */
static int fill(fb_cli *cli, const uargs *a, fb_unit *u, char **owned)
{
	const char *s;
	char code[CLI_CODE_SIZE];
	if (ARG(a, O_NAME))
		u->name = (char *)ARG(a, O_NAME);
	if ((s = ARG(a, O_KIND))) {
		if (cli_code(cli, FB_CAT_CONTACT, "--kind", s, code))
			return EXIT_USER;
		snprintf(u->kind, sizeof u->kind, "%s", code);
	}
	if ((s = ARG(a, O_KINDS))) {
		fb_error err = {0};
		if (fb_category_mask_parse(cli->st, FB_CAT_ENTERPRISE, s, &u->enterprise_kinds,
		                           "--kinds", &err))
			return cli_fail(&err);
	}
	if ((s = ARG(a, O_OWNERSHIP))) {
		if (cli_code(cli, FB_CAT_OWNERSHIP, "--ownership", s, code))
			return EXIT_USER;
		snprintf(u->ownership, sizeof u->ownership, "%s", code);
	}
	if ((s = ARG(a, O_HEADCOUNT))) {
		long n;
		if (cli_int("--headcount", s, 0, 1000000, &n))
			return EXIT_USER;
		u->headcount = n;
	}
	if ((s = ARG(a, O_UNION)))
		snprintf(u->has_union, sizeof u->has_union, "%.7s", s);
	char **text[] = {&u->sector, &u->address, &u->contact_person, &u->contact_phone, &u->note};
	int opt[] = {O_SECTOR, O_ADDRESS, O_CONTACT, O_CPHONE, O_NOTE};
	for (int i = 0; i < 5; i++)
		if (ARG(a, opt[i])) {
			free(owned[i]);
			owned[i] = NULL;
			*text[i] = (char *)ARG(a, opt[i]);
		}
	return EXIT_OK;
}

/* Save u (add or edit); a unit that looks like one in the ledger is named. */
static int save(fb_cli *cli, fb_unit *u, const uargs *a, int edited)
{
	fb_error err = {0};
	/* the error names the unit it looks like: one line */
	if (fb_unit_save(cli->st, u, ARG(a, O_NEW) != NULL, NULL, &err)) {
		return fail_field(&err);
	}
	if (edited)
		cli_printf(_("Unit %lld: %s, changed.\n"), (long long)u->id, u->name);
	else
		cli_printf(_("Unit %lld: %s.\n"), (long long)u->id, u->name);
	return EXIT_OK;
}

static int unit_add(fb_cli *cli, int argc, char **argv)
{
	uargs a;
	int rc = parse("unit add", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY))
		return cli_usage("unit add", _("%s is required"), "--by");
	if (!ARG(&a, O_NAME))
		return cli_usage("unit add", _("%s is required"), "--name");
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_unit u = {0};
	int64_t by;
	snprintf(u.kind, sizeof u.kind, "enterprise");
	char *owned[5] = {0};
	if (cli_person_group(cli, "--by", ARG(&a, O_BY), &by, &u.group_id) ||
	    fill(cli, &a, &u, owned))
		return EXIT_USER;
	return save(cli, &u, &a, 0);
}

static int unit_edit(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	uargs a;
	int rc = cli_arg_id("unit edit", argc, argv, unit_help, &id);
	if (rc || (rc = parse("unit edit", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_unit u;
	fb_error err = {0};
	if (fb_unit_get(cli->st, id, &u, &err))
		return cli_fail(&err);
	char *owned[5] = {u.sector, u.address, u.contact_person, u.contact_phone, u.note};
	char *name = u.name;
	rc = fill(cli, &a, &u, owned);
	if (!rc)
		rc = save(cli, &u, &a, 1);
	free(name);
	for (int i = 0; i < 5; i++)
		free(owned[i]);
	return rc;
}

static int unit_merge(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0, into = 0, by, group;
	uargs a;
	int rc = cli_arg_id("unit merge", argc, argv, unit_help, &id);
	if (rc || (rc = parse("unit merge", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_INTO))
		return cli_usage("unit merge", _("%s is required"), "--into");
	if (!ARG(&a, O_BY))
		return cli_usage("unit merge", _("%s is required"), "--by");
	if (!cli_store(cli, 0) || cli_person_group(cli, "--by", ARG(&a, O_BY), &by, &group) ||
	    cli_unit(cli, "--into", group, ARG(&a, O_INTO), &into))
		return EXIT_USER;
	/* Permissions (issue 11): a group leader or HQ merges; fb_perm_check hooks in here. */
	fb_error err = {0};
	if (fb_unit_merge(cli->st, id, into, &err))
		return fail_field(&err);
	cli_printf(_("Unit %lld merged into unit %lld: its visits, workers and sheets are there "
	             "now.\n"),
	           (long long)id, (long long)into);
	return EXIT_OK;
}

static int unit_rm(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0, by, group;
	uargs a;
	int rc = cli_arg_id("unit rm", argc, argv, unit_help, &id);
	if (rc || (rc = parse("unit rm", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	if (!ARG(&a, O_BY))
		return cli_usage("unit rm", _("%s is required"), "--by");
	if (!cli_store(cli, 0) || cli_person_group(cli, "--by", ARG(&a, O_BY), &by, &group))
		return EXIT_USER;
	fb_error err = {0};
	if (fb_unit_delete(cli->st, id, &err))
		return cli_fail(&err);
	cli_printf(_("Unit %lld removed.\n"), (long long)id);
	return EXIT_OK;
}

static int unit_show(fb_cli *cli, int argc, char **argv)
{
	int64_t id = 0;
	uargs a;
	int rc = cli_arg_id("unit show", argc, argv, unit_help, &id);
	if (rc || (rc = parse("unit show", argc, argv, 3, &a)))
		return rc < 0 ? EXIT_OK : rc;
	fb_format fmt;
	if ((rc = cli_show_format("unit show", ARG(&a, O_FORMAT), &fmt)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_unit u;
	fb_error err = {0};
	if (fb_unit_get(cli->st, id, &u, &err))
		return cli_fail(&err);
	char kinds[512], codes[256];
	fb_category_mask_format(cli->st, FB_CAT_ENTERPRISE, u.enterprise_kinds, FB_MASK_LABELS,
	                        kinds, sizeof kinds);
	fb_category_mask_format(cli->st, FB_CAT_ENTERPRISE, u.enterprise_kinds, 0, codes,
	                        sizeof codes);
	if (fmt == FB_FMT_JSON) {
		cli_jobj o;
		cli_jobj_begin(&o, stdout);
		cli_jobj_int(&o, "id", u.id);
		cli_jobj_str(&o, "uuid", u.uuid);
		cli_jobj_int(&o, "group_id", u.group_id);
		cli_jobj_str(&o, "kind", u.kind);
		cli_jobj_str(&o, "name", u.name);
		cli_jobj_str(&o, "enterprise_kinds", codes);
		cli_jobj_str(&o, "ownership", u.ownership);
		cli_jobj_str(&o, "sector", u.sector);
		cli_jobj_int(&o, "headcount", u.headcount);
		cli_jobj_str(&o, "address", u.address);
		cli_jobj_str(&o, "has_union", u.has_union);
		cli_jobj_str(&o, "contact_person", u.contact_person);
		cli_jobj_str(&o, "contact_phone", u.contact_phone);
		cli_jobj_str(&o, "note", u.note);
		cli_jobj_int(&o, "merged_into", u.merged_into);
		cli_jobj_end(&o);
		putchar('\n');
	} else {
		cli_printf(_("Unit %lld: %s\n"), (long long)u.id, u.name);
		cli_printf(_("%s: %s\n"), _("Kind"),
		           fb_category_label(cli->st, FB_CAT_CONTACT, u.kind));
		if (u.merged_into)
			cli_printf(_("Merged into unit %lld.\n"), (long long)u.merged_into);
		if (kinds[0])
			cli_printf(_("%s: %s\n"), _("Kinds of enterprise"), kinds);
		if (u.ownership[0])
			cli_printf(_("%s: %s\n"), _("Ownership"),
			           fb_category_label(cli->st, FB_CAT_OWNERSHIP, u.ownership));
		if (u.sector[0])
			cli_printf(_("%s: %s\n"), _("Sector"), u.sector);
		if (u.headcount)
			cli_printf(_("%s: %lld\n"), _("Headcount"), (long long)u.headcount);
		if (u.address[0])
			cli_printf(_("%s: %s\n"), _("Address"), u.address);
		cli_printf(_("%s: %s\n"), _("Has a union"),
		           !strcmp(u.has_union, "yes")  ? _("yes")
		           : !strcmp(u.has_union, "no") ? _("no")
		                                        : _("not known"));
		if (u.contact_person[0] || u.contact_phone[0])
			cli_printf(_("%s: %s %s\n"), _("Contact person"), u.contact_person,
			           u.contact_phone);
		if (u.note[0])
			cli_printf(_("%s: %s\n"), _("Note"), u.note);
	}
	fb_unit_free(&u);
	return EXIT_OK;
}

/* unit list: the filter, the page being shown, the output format. */
struct unit_list {
	fb_cli *cli;
	fb_unit_filter f;
	fb_format fmt;
	fb_unit_row rows[CLI_LIST_BATCH];
	int matched; /* --match: one page of the likeliest, not a keyset list */
};

static int list_fetch(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err)
{
	struct unit_list *ul = ctx;
	if (ul->f.text) { /* the likeliest matches: one batch */
		if (dir != FB_PAGE_FIRST || ul->matched)
			return 0;
		ul->matched = 1;
		return fb_unit_match(ul->cli->st, ul->f.group_id, ul->f.text, ul->rows, want, err);
	}
	return fb_unit_page(ul->cli->st, &ul->f, dir, cur, ul->rows, want, err);
}

static int list_emit(void *ctx, int i, fb_table *t, fb_error *err)
{
	struct unit_list *ul = ctx;
	const fb_unit_row *r = &ul->rows[i];
	(void)err;
	char id[24], visits[24], kinds[512];
	int table = ul->fmt == FB_FMT_TABLE;
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(visits, sizeof visits, "%lld", (long long)r->visits);
	fb_category_mask_format(ul->cli->st, FB_CAT_ENTERPRISE, r->enterprise_kinds,
	                        table ? FB_MASK_LABELS : 0, kinds, sizeof kinds);
	const char *cells[] = {id,
	                       table ? fb_category_label(ul->cli->st, FB_CAT_CONTACT, r->kind)
	                             : r->kind,
	                       r->name,
	                       visits,
	                       r->last_visit,
	                       kinds};
	return fb_table_row(t, cells);
}

static int64_t list_cursor(void *ctx, int i, fb_cursor *cur)
{
	struct unit_list *ul = ctx;
	fb_unit_row_cursor(&ul->rows[i], cur);
	return ul->rows[i].id;
}

static int unit_list(fb_cli *cli, int argc, char **argv)
{
	uargs a;
	int rc = parse("unit list", argc, argv, 2, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	static struct unit_list ul;
	memset(&ul, 0, sizeof ul);
	ul.cli = cli;
	long limit;
	int64_t after;
	if ((rc = cli_list_options("unit list", ARG(&a, O_FORMAT), ARG(&a, O_LIMIT),
	                           ARG(&a, O_AFTER), &ul.fmt, &limit, &after)))
		return rc;
	if (!cli_store(cli, 0))
		return EXIT_USER;
	char kind[CLI_CODE_SIZE];
	if (ARG(&a, O_KIND)) {
		if (cli_code(cli, FB_CAT_CONTACT, "--kind", ARG(&a, O_KIND), kind))
			return EXIT_USER;
		ul.f.kind = kind;
	}
	if (ARG(&a, O_GROUP) && cli_group(cli, "--group", ARG(&a, O_GROUP), &ul.f.group_id))
		return EXIT_USER;
	ul.f.text = ARG(&a, O_MATCH);
	ul.f.include_merged = ARG(&a, O_MERGED) != NULL;
	fb_cursor cur = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	if (after) {
		fb_unit u;
		fb_error err = {0};
		if (fb_unit_get(cli->st, after, &u, &err))
			return cli_fail(&err);
		fb_unit_row r = {.id = u.id};
		snprintf(r.kind, sizeof r.kind, "%s", u.kind);
		fb_unit_row_cursor(&r, &cur);
		fb_unit_free(&u);
		dir = FB_PAGE_NEXT;
	}
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"kind", N_("Kind"), 16, 0, 0},
		{"name", N_("Unit"), 36, 0, 0},
		{"visits", N_("Visits"), 6, 1, 1},
		{"last_visit", N_("Last visit"), 10, 0, 0},
		{"enterprise_kinds", N_("Kinds of enterprise"), 40, 0, 0},
	};
	cli_list l = {.fmt = ul.fmt,
	              .cols = cols,
	              .ncols = 6,
	              .limit = limit,
	              .ctx = &ul,
	              .fetch = list_fetch,
	              .emit = list_emit,
	              .cursor = list_cursor};
	return cli_list_run(&l, dir, &cur, "fieldbook unit list");
}

int cmd_unit(fb_cli *cli, int argc, char **argv)
{
	static const cli_sub subs[] = {
		{"add", unit_add},   {"list", unit_list},   {"show", unit_show},
		{"edit", unit_edit}, {"merge", unit_merge}, {"rm", unit_rm},
	};
	return cli_subcommand(cli, "unit", argc, argv, subs, sizeof subs / sizeof subs[0], unit_help);
}
