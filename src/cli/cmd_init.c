/* cmd_init.c - fieldbook init: create the database, a work group and its
 * people, or headquarters and its staff; and fieldbook person add|list. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "sync.h"
#include "fieldbook/disk.h"

static void init_help(void)
{
	printf(_("Usage: fieldbook init [--group NAME --station STATION [options]]\n"
	         "       fieldbook init --from KIT\n"
	         "Create the database (file mode 0600) and, with --group, set up a work group;\n"
	         "or start a station from the kit HQ wrote (fieldbook export --kit), with the\n"
	         "passphrase HQ reads out over the phone (asked for on the terminal, or the\n"
	         "first line of standard input).\n\n"
	         "  --group NAME         the work group's name (工作组)\n"
	         "  --station NAME       where it is stationed (蹲点单位)\n"
	         "  --station-kind K     town, street, zone or industry (or 镇, 街道...)\n"
	         "  --county NAME        the county or district (县区)\n"
	         "  --supervisor NAME    the supervising HQ leader (联系领导)\n"
	         "  --start DATE         first day of the stay (YYYY-MM-DD)\n"
	         "  --end DATE           last day of the stay\n"
	         "  --leader NAME        the group leader (带队组长)\n"
	         "  --member NAME        a member (组员); repeat for each\n"));
	printf("\n%s", _("   or: fieldbook init --hq FEDERATION --staff NAME [--staff NAME...]\n"
	                 "                      [--department NAME] [--bundle-days N]\n"
	                 "Set the new database up as headquarters (市总工会), whose staff have no "
	                 "group.\n\n"
	                 "  --hq FEDERATION      headquarters: the federation's name (市总工会)\n"
	                 "  --department NAME    HQ's department (组织部, 联络指导办公室)\n"
	                 "  --staff NAME         one of HQ's staff; repeat for each\n"
	                 "  --bundle-days N      a group's bundle is late after N days (7)\n"));
}

/* init --hq: headquarters' names and staff (fb_hq_setup, one transaction). */
static int init_hq(fb_cli *cli, const fb_hq_info *in)
{
	int existed = access(cli->db_path, F_OK) == 0;
	fb_store *st = cli_store(cli, 1);
	fb_error err = {0};
	if (!st)
		return EXIT_USER;
	if (fb_hq_setup(st, in, NULL, &err) != FB_OK) {
		if (!existed) {
			fb_store_close_and_remove(st);
			cli->st = NULL;
		}
		static const char *const flag[][2] = {{"federation", "--hq"},
		                                      {"department", "--department"},
		                                      {"staff", "--staff"},
		                                      {"bundle_days", "--bundle-days"}};
		for (size_t i = 0; i < sizeof flag / sizeof flag[0]; i++)
			if (!strcmp(err.field, flag[i][0]))
				fb_text_copy(flag[i][1], err.field, sizeof err.field);
		return cli_fail(&err);
	}
	cli_printf(_("Headquarters %s set up with %d staff in %s\n"), in->federation, in->nstaff,
	           cli->db_path);
	/* --as one of the staff: their first password set now, and with it the
	 * database's data key made and granted (fieldbook/seal.h) */
	return cli_sign_in(cli);
}

/* init --from KIT: the database made (or an existing one enrolled) from
 * HQ's station kit: its roster and targets imported, HQ's keys pinned. A
 * wrong passphrase or a damaged kit: nothing written, and a database this
 * made is removed again. */
static int init_from_kit(fb_cli *cli, const char *kit)
{
	char pass[256];
	int tty = isatty(STDIN_FILENO);
	if (tty) {
		fprintf(stderr, "%s", _("The kit's passphrase (HQ reads it out): "));
		fflush(stderr);
	}
	if (!fgets(pass, sizeof pass, stdin))
		return cli_error(EXIT_USER, "%s", _("no passphrase given"));
	pass[strcspn(pass, "\r\n")] = 0;
	int existed = access(cli->db_path, F_OK) == 0;
	cli->defer_sign_in = !existed; /* a new database has nobody to sign in yet */
	fb_store *st = cli_store(cli, 1);
	if (!st)
		return EXIT_USER;
	fb_sync_summary *sum = malloc(sizeof *sum);
	if (!sum)
		return cli_error(EXIT_USER, "%s", _("out of memory"));
	fb_import_opts o = {.passphrase = pass};
	fb_error err = {0};
	fb_status s = fb_bundle_import(st, kit, &o, sum, &err);
	sodium_memzero(pass, sizeof pass);
	if (s == FB_OK)
		cli_printf(_("Station set up from the kit in %s: %s, HQ's keys pinned (fingerprint "
		             "%s).\n"),
		           cli->db_path,
		           sum->source_group_name[0] ? sum->source_group_name : _("headquarters"),
		           sum->fingerprint);
	free(sum);
	if (s == FB_OK) /* --as: as init --hq, the first password and the data key */
		return cli_sign_in(cli);
	if (!existed) {
		fb_store_close_and_remove(st);
		cli->st = NULL;
	}
	return cli_fail(&err);
}

enum {
	O_GROUP = 256,
	O_STATION,
	O_KIND,
	O_COUNTY,
	O_SUP,
	O_START,
	O_END,
	O_LEADER,
	O_MEMBER,
	O_HQ,
	O_DEPT,
	O_STAFF,
	O_DAYS,
	O_FROM
};

/* What init was asked to set up (strings point into argv or into the
 * buffers). */
typedef struct init_args {
	fb_group g;
	const char *leader, *members[32], *kind_word;
	int nmembers;
	char start[11], end[11];
	fb_hq_info hq; /* --hq: headquarters instead of a group */
	const char *staff[32];
	const char *from; /* --from KIT: a station set up from HQ's kit */
} init_args;

/* init's options into a; EXIT_OK, -1 after --help, or the exit code of a
 * mistake (said). */
static int init_parse(int argc, char **argv, init_args *a)
{
	static const struct option opts[] = {
		{"group", required_argument, NULL, O_GROUP},
		{"station", required_argument, NULL, O_STATION},
		{"station-kind", required_argument, NULL, O_KIND},
		{"county", required_argument, NULL, O_COUNTY},
		{"supervisor", required_argument, NULL, O_SUP},
		{"start", required_argument, NULL, O_START},
		{"end", required_argument, NULL, O_END},
		{"leader", required_argument, NULL, O_LEADER},
		{"member", required_argument, NULL, O_MEMBER},
		{"hq", required_argument, NULL, O_HQ},
		{"department", required_argument, NULL, O_DEPT},
		{"staff", required_argument, NULL, O_STAFF},
		{"bundle-days", required_argument, NULL, O_DAYS},
		{"from", required_argument, NULL, O_FROM},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	fb_group *g = &a->g;
	fb_hq_info *hq = &a->hq;
	char *end_num;
	int c;
	hq->staff = a->staff;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_GROUP: g->name = optarg; break;
		case O_STATION: g->station = optarg; break;
		case O_KIND: a->kind_word = optarg; break;
		case O_COUNTY: g->county = optarg; break;
		case O_SUP: g->supervisor = optarg; break;
		case O_START:
			if (cli_date("--start", optarg, a->start))
				return EXIT_USER;
			g->started_on = a->start;
			break;
		case O_END:
			if (cli_date("--end", optarg, a->end))
				return EXIT_USER;
			g->ends_on = a->end;
			break;
		case O_LEADER:
			if (a->leader)
				return cli_usage("init", _("one --leader per group"));
			a->leader = optarg;
			break;
		case O_MEMBER:
			if (a->nmembers == 32)
				return cli_usage("init", _("at most 32 members"));
			a->members[a->nmembers++] = optarg;
			break;
		case O_HQ: hq->federation = optarg; break;
		case O_DEPT: hq->department = optarg; break;
		case O_STAFF:
			if (hq->nstaff == 32)
				return cli_usage("init", _("at most 32 --staff"));
			a->staff[hq->nstaff++] = optarg;
			break;
		case O_DAYS:
			hq->bundle_days = (int)strtol(optarg, &end_num, 10);
			if (*end_num || !*optarg || hq->bundle_days <= 0)
				return cli_usage("init", _("--bundle-days needs a number of days"));
			break;
		case O_FROM: a->from = optarg; break;
		case 'h': init_help(); return -1;
		default: return cli_bad_option("init", c, argv, optind);
		}
	}
	if (optind < argc)
		return cli_usage("init", _("unexpected argument '%s'"), argv[optind]);
	if (hq->federation && (g->name || g->station || a->leader || a->nmembers))
		return cli_usage("init",
		                 _("--hq sets up headquarters, --group a work group: not both"));
	if (!hq->federation && (hq->department || hq->nstaff || hq->bundle_days))
		return cli_usage("init", _("--department, --staff and --bundle-days need --hq"));
	if (!g->name && (g->station || a->leader || a->nmembers))
		return cli_usage("init", _("--group is required to set up a group"));
	if (a->from && (g->name || hq->federation))
		return cli_usage("init", _("--from takes the group from the kit: no --group"));
	return EXIT_OK;
}

/* The group and its people in one transaction: all or nothing. The
 * people set up with the group joined when its stay began (or today). On
 * an error err names the option (--leader NAME) where it can. */
static fb_status set_up_group(fb_store *st, init_args *a, int setting_up, const char *secret,
                              fb_error *err)
{
	fb_group *g = &a->g;
	fb_status rc = fb_store_begin(st, err);
	if (rc || (rc = fb_group_save(st, g, err)))
		return rc;
	char joined[11] = "";
	if (g->started_on)
		snprintf(joined, sizeof joined, "%s", g->started_on);
	else if (fb_date_format(fb_today(), joined) && g->ends_on && strcmp(joined, g->ends_on) > 0)
		joined[0] = 0; /* a stay already over: unknown */
	for (int i = -1; i < a->nmembers; i++) {
		const char *name = i < 0 ? a->leader : a->members[i];
		if (!name)
			continue;
		fb_person p = {.group_id = g->id,
		               .name = (char *)name,
		               .role = (char *)(i < 0 ? "leader" : "member"),
		               .joined_on = joined};
		/* a new database's leader is its first person (fb_auth_first_person),
		 * who then adds the members */
		if ((rc = setting_up && i < 0 ? fb_auth_first_person(st, &p, secret, err)
		                              : fb_person_save(st, &p, err))) {
			char field[64];
			snprintf(field, sizeof field, "%s %s", i < 0 ? "--leader" : "--member", name);
			fb_text_copy(field, err->field, sizeof err->field);
			return rc;
		}
	}
	return fb_store_commit(st, err);
}

/* One line on stderr when the new database lies on a disk that is not
 * encrypted: what a lost laptop would give away. */
static void warn_plain_disk(const char *db_path)
{
	if (fb_disk_encryption(db_path) == FB_DISK_PLAIN)
		cli_note(
			_("warning: %s is on a disk that is not encrypted: if this laptop is lost, "
		          "whoever finds it can read the log texts, unit names and everything else "
		          "fieldbook does not seal."),
			db_path);
}

static int init_run(fb_cli *cli, int argc, char **argv);

int cmd_init(fb_cli *cli, int argc, char **argv)
{
	int rc = init_run(cli, argc, argv);
	if (rc == EXIT_OK && cli->st)
		warn_plain_disk(cli->db_path);
	return rc;
}

/* init: parse, then set up what the command line asks for. */
static int init_run(fb_cli *cli, int argc, char **argv)
{
	init_args a = {0};
	char kind[CLI_CODE_SIZE];
	int rc = init_parse(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (a.hq.federation)
		return init_hq(cli, &a.hq);
	if (a.from)
		return init_from_kit(cli, a.from);
	/* A database this init makes and cannot finish is removed again: a
	 * failed init leaves no file. */
	int existed = access(cli->db_path, F_OK) == 0;
	cli->defer_sign_in = 1; /* a new database has nobody to sign in yet */
	fb_store *st = cli_store(cli, 1);
	if (!st)
		return EXIT_USER;
	if (!a.g.name) {
		cli_printf(_("Database ready: %s\n"), cli->db_path);
		return EXIT_OK;
	}
	if (a.kind_word) { /* a code or a label: street, 街道 */
		if (cli_code(cli, FB_CAT_STATION, "--station-kind", a.kind_word, kind))
			return EXIT_USER;
		a.g.station_kind = kind;
	}
	fb_error err = {0};
	/* Setting up a new database: its leader is the first person, who
	 * then adds the members. Otherwise a new group is HQ's work, signed in. */
	int setting_up = fb_auth_setting_up(st, &err);
	if (setting_up < 0)
		return cli_fail(&err);
	char secret[160] = "";
	if (setting_up && !a.leader && a.nmembers)
		return cli_usage("init",
		                 _("--leader is required: the group leader is the first person "
		                   "and adds the members"));
	if (setting_up && cli->as && (!a.leader || strcmp(cli->as, a.leader)))
		return cli_usage("init", _("on a new database --as must name the --leader, whose "
		                           "password it sets"));
	if (setting_up && cli->as) {
		char prompt[256];
		snprintf(prompt, sizeof prompt, _("New password or PIN for %s: "), a.leader);
		if (cli_new_secret(cli, prompt, secret, sizeof secret))
			return EXIT_USER;
	}
	if (!setting_up && cli_sign_in(cli))
		return EXIT_USER;
	fb_status ok = set_up_group(st, &a, setting_up, secret[0] ? secret : NULL, &err);
	explicit_bzero(secret, sizeof secret);
	if (ok == FB_OK) {
		cli_printf(_("Work group %s set up (id %lld) in %s\n"), a.g.name, (long long)a.g.id,
		           cli->db_path);
		return EXIT_OK;
	}
	fb_store_rollback(st);
	if (!existed) {
		fb_store_close_and_remove(st);
		cli->st = NULL;
	}
	if (!strcmp(err.field, "name") || !strcmp(err.field, "station") ||
	    !strcmp(err.field, "county") || !strcmp(err.field, "supervisor")) {
		char f[64];
		snprintf(f, sizeof f, "--%s", err.field);
		fb_text_copy(!strcmp(f, "--name") ? "--group" : f, err.field, sizeof err.field);
	}
	return cli_fail(&err);
}

static void person_help(void)
{
	printf(_("Usage: fieldbook person add --group G --name NAME [--role member|leader|hq]\n"
	         "                             [--unit UNIT] [--phone PHONE] [--joined DATE]\n"
	         "       fieldbook person edit ID|NAME [--name NAME] [--role ROLE] [--unit UNIT]\n"
	         "                             [--phone PHONE] [--joined DATE|\"\"]\n"
	         "       fieldbook person list [--group G] [--format table|csv|json]\n"
	         "       fieldbook --as NAME person passwd      (a new password for NAME)\n"
	         "       fieldbook --as NAME person reset WHO   (a leader for a member, HQ for\n"
	         "                                               anyone: WHO changes it next)\n"
	         "--joined: the first day of their stay (days missing count from then); without\n"
	         "it, from the start of the group's stay.\n"));
}

struct person_list {
	fb_table t;
	fb_store *st;
	int labels; /* a table shows labels, CSV and JSON codes */
};

/* One person into the table (fb_person_list's callback); 1 to stop: a write error. */
static int person_list_cb(const fb_person *p, void *ctx)
{
	struct person_list *pl = ctx;
	fb_table *t = &pl->t;
	char id[24], gid[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(gid, sizeof gid, "%lld", (long long)p->group_id);
	const char *role = pl->labels ? fb_category_label(pl->st, FB_CAT_ROLE, p->role) : p->role;
	const char *cells[] = {id, p->name, role, gid, p->joined_on, p->unit, p->phone};
	return fb_table_row(t, cells) ? 1 : 0; /* stop after a write error */
}

/* person list: the people of one group or all, as a table, CSV or JSON. */
static int person_list(fb_cli *cli, int64_t group_id, const char *fmt)
{
	fb_format f;
	fb_error err = {0};
	if (fb_format_parse(fmt, 7, &f))
		return cli_usage("person", _("--format must be table, csv or json"));
	static const fb_column cols[] = {
		{"id", N_("ID"), 8, 1, 1},
		{"name", N_("Name"), 12, 0, 0},
		{"role", N_("Role"), 10, 0, 0},
		{"group_id", N_("Group"), 6, 1, 1},
		{"joined_on", N_("Joined"), 10, 0, 0},
		{"unit", N_("Unit"), 20, 0, 0},
		{"phone", N_("Phone"), 16, 0, 0},
	};
	enum { NCOLS = sizeof cols / sizeof cols[0] };
	struct person_list pl = {.st = cli->st, .labels = f == FB_FMT_TABLE};
	fb_table_begin(&pl.t, stdout, f, cols, NCOLS);
	fb_status s = fb_person_each(cli->st, group_id, person_list_cb, &pl, &err);
	int failed = fb_table_end(&pl.t);
	if (s != FB_OK)
		return cli_fail(&err);
	return failed ? EXIT_USER : EXIT_OK; /* main() names the write error */
}

/* person edit ID|NAME: change the fields given, keep the others. */
static int person_edit(fb_cli *cli, const char *who, const fb_person *set, int64_t group_id,
                       int joined_given)
{
	int64_t id;
	if (cli_person(cli, "person edit", who, &id))
		return EXIT_USER;
	fb_person p = {0};
	fb_error err = {0};
	if (fb_person_get(cli->st, id, &p, &err) != FB_OK)
		return cli_fail(&err);
	/* Swap in the new values; the old ones are freed with p at the end. */
	char *old[] = {p.name, p.role, p.unit, p.phone, p.joined_on};
	if (set->name)
		p.name = set->name;
	if (set->role)
		p.role = set->role;
	if (set->unit)
		p.unit = set->unit;
	if (set->phone)
		p.phone = set->phone;
	if (joined_given)
		p.joined_on = set->joined_on;
	if (group_id)
		p.group_id = group_id;
	fb_status s = fb_person_save(cli->st, &p, &err);
	p.name = old[0], p.role = old[1], p.unit = old[2], p.phone = old[3], p.joined_on = old[4];
	if (s == FB_OK)
		cli_printf(_("Changed %s (id %lld)\n"), set->name ? set->name : p.name,
		           (long long)id);
	fb_person_free(&p);
	return s == FB_OK ? EXIT_OK : cli_fail(&err);
}

/* person passwd: the signed-in person sets a new password (the one they
 * signed in with is the old one). */
static int person_passwd(fb_cli *cli)
{
	if (!cli->signed_in)
		return cli_error(EXIT_USER,
		                 _("person passwd changes the password of whoever signs in: "
		                   "give --as NAME"));
	char secret[160], prompt[256];
	snprintf(prompt, sizeof prompt, _("New password or PIN for %s: "), cli->as);
	if (cli_new_secret(cli, prompt, secret, sizeof secret))
		return EXIT_USER;
	fb_error err = {0};
	fb_status s = fb_auth_change(cli->st, cli->secret, secret, &err);
	explicit_bzero(secret, sizeof secret);
	if (s != FB_OK)
		return cli_fail(&err);
	cli_printf(_("The password of %s is changed.\n"), cli->as);
	return EXIT_OK;
}

/* person reset NAME: the leader (for a member) or HQ gives a new password,
 * to be changed at the next sign-in. */
static int person_reset(fb_cli *cli, const char *who)
{
	int64_t id;
	if (cli_person(cli, "person reset", who, &id))
		return EXIT_USER;
	/* refused before a new password is asked for */
	fb_person p = {0};
	fb_error perr = {0};
	if (fb_person_get(cli->st, id, &p, &perr) != FB_OK)
		return cli_fail(&perr);
	fb_perm_on on = {.group_id = p.group_id, .owner = p.id, .subject = p.role};
	fb_status ps = fb_perm_check(cli->st, FB_ACT_PERSON_RESET, &on, &perr);
	fb_person_free(&p);
	if (ps != FB_OK)
		return cli_fail(&perr);
	char secret[160], prompt[256];
	snprintf(prompt, sizeof prompt, _("New password or PIN for %s: "), who);
	if (cli_new_secret(cli, prompt, secret, sizeof secret))
		return EXIT_USER;
	fb_error err = {0};
	fb_status s = fb_auth_reset(cli->st, id, secret, &err);
	explicit_bzero(secret, sizeof secret);
	if (s != FB_OK)
		return cli_fail(&err);
	cli_printf(_("The password of %s is reset; they change it at their next sign-in.\n"), who);
	return EXIT_OK;
}

int cmd_person(fb_cli *cli, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		person_help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	static const struct option opts[] = {
		{"group", required_argument, NULL, 'g'},
		{"name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'},
		{"unit", required_argument, NULL, 'u'},
		{"phone", required_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'},
		{"joined", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *group = NULL, *fmt = "table", *role_word = NULL;
	char role[CLI_CODE_SIZE];
	fb_person p = {0};
	char joined[11] = "";
	int c, joined_given = 0;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'g': group = optarg; break;
		case 'n': p.name = optarg; break;
		case 'r': role_word = optarg; break;
		case 'u': p.unit = optarg; break;
		case 'p': p.phone = optarg; break;
		case 'f': fmt = optarg; break;
		case 'j':
			/* "" clears it: from the start of the group's stay again */
			if (*optarg && cli_date("--joined", optarg, joined))
				return EXIT_USER;
			p.joined_on = joined;
			joined_given = 1;
			break;
		case 'h': person_help(); return EXIT_OK;
		default: return cli_bad_option("person", c, argv + 1, optind);
		}
	}
	int nargs = argc - 1 - optind;
	char **args = argv + 1 + optind;
	if (strcmp(sub, "edit") && strcmp(sub, "reset") && nargs > 0)
		return cli_usage("person", _("unexpected argument '%s'"), args[0]);
	if (!cli_store(cli, 0))
		return EXIT_USER;
	fb_error err = {0};
	if (group && cli_group(cli, "--group", group, &p.group_id))
		return EXIT_USER;
	if (role_word) { /* a code or a label: leader, 带队组长 */
		if (cli_code(cli, FB_CAT_ROLE, "--role", role_word, role))
			return EXIT_USER;
		p.role = role;
	}
	if (!strcmp(sub, "add")) {
		if (!p.name)
			return cli_usage("person", _("--name is required"));
		if (!p.role)
			p.role = "member";
		if (fb_person_save(cli->st, &p, &err) != FB_OK) {
			if (!strcmp(err.field, "joined_on"))
				fb_text_copy("--joined", err.field, sizeof err.field);
			return cli_fail(&err);
		}
		cli_printf(_("Added %s (id %lld)\n"), p.name, (long long)p.id);
		return EXIT_OK;
	}
	if (!strcmp(sub, "edit")) {
		if (nargs != 1)
			return cli_usage("person", _("person edit needs one ID or name"));
		if (!p.name && !p.role && !p.unit && !p.phone && !joined_given && !p.group_id)
			return cli_usage("person",
			                 _("nothing to change: give --name, --role, --unit, "
			                   "--phone, --joined or --group"));
		return person_edit(cli, args[0], &p, p.group_id, joined_given);
	}
	if (!strcmp(sub, "list"))
		return person_list(cli, p.group_id, fmt);
	if (!strcmp(sub, "passwd"))
		return person_passwd(cli);
	if (!strcmp(sub, "reset")) {
		if (nargs != 1)
			return cli_usage("person", _("person reset needs one ID or name"));
		return person_reset(cli, args[0]);
	}
	return cli_usage("person", _("unknown subcommand '%s'"), sub);
}
