/* cmd_coverage.c - fieldbook coverage: which kinds of enterprise and of
 * worker a cadre or a group has met, distinct units and workers against
 * the targets, contact days, and where to go next; --cadres: every cadre
 * side by side (for HQ). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

static void coverage_help(void)
{
	printf(_("Usage: fieldbook coverage (--group G | --by NAME) [--from DATE] [--to DATE]\n"
	         "                          [--next N] [--format text|json]\n"
	         "       fieldbook coverage --cadres [--group G] [--from DATE] [--to DATE]\n"
	         "                          [--format table|csv|json]\n"
	         "       fieldbook coverage --groups [--from DATE] [--to DATE]\n"
	         "                          [--format table|csv|json]\n\n"
	         "Counts come from the units and workers linked to the daily logs (fieldbook\n"
	         "visit) and from contact record sheets: distinct, however often met.\n\n"
	         "  --group G    a work group (its name or number)\n"
	         "  --by NAME    one cadre\n"
	         "  --from, --to the period (default: from the first record to today)\n"
	         "  --next N     how many units and tickets to name under where to go next\n"
	         "               (default 5)\n"
	         "  --cadres     every cadre (members and leaders), of one group or of all\n"
	         "  --groups     every work group, one line each (HQ's view)\n"));
}

enum { O_GROUP = 256, O_BY, O_FROM, O_TO, O_NEXT, O_CADRES, O_GROUPS, O_FORMAT };

static const struct option coverage_opts[] = {
	{"group", required_argument, NULL, O_GROUP},
	{"by", required_argument, NULL, O_BY},
	{"from", required_argument, NULL, O_FROM},
	{"to", required_argument, NULL, O_TO},
	{"next", required_argument, NULL, O_NEXT},
	{"cadres", no_argument, NULL, O_CADRES},
	{"groups", no_argument, NULL, O_GROUPS},
	{"format", required_argument, NULL, O_FORMAT},
	{"help", no_argument, NULL, 'h'},
	{0, 0, 0, 0},
};

/* "12 / 10" or "12" when no target is set. */
static const char *against(int64_t n, int target, char *out, size_t size)
{
	if (target < 0)
		snprintf(out, size, "%lld", (long long)n);
	else
		snprintf(out, size, "%lld / %d%s", (long long)n, target, n >= target ? " ✓" : "");
	return out;
}

struct next_ctx {
	fb_cli *cli;
	int json, n;
	int last; /* the kind of the item before: a heading per kind */
};

static int next_one(const fb_next_item *it, void *vctx)
{
	struct next_ctx *c = vctx;
	fb_store *st = c->cli->st;
	if (c->json) {
		static const char *const kinds[] = {"enterprise_kind", "worker_kind", "unit",
		                                    "return_visit"};
		cli_jobj o;
		fputs(c->n++ ? ", " : "", stdout);
		cli_jobj_begin(&o, stdout);
		cli_jobj_str(&o, "what", kinds[it->kind]);
		if (it->code)
			cli_jobj_str(&o, "code", it->code);
		else {
			cli_jobj_int(&o, "id", it->id);
			cli_jobj_str(&o, "name", it->name);
			cli_jobj_str(&o, "unit", it->unit);
			cli_jobj_str(&o, "date", it->date);
		}
		cli_jobj_end(&o);
		return 0;
	}
	if ((int)it->kind != c->last) {
		static const char *const heads[] = {N_("  Kinds of enterprise not met yet:"),
		                                    N_("  Kinds of worker not met yet:"),
		                                    N_("  Units not visited for longest:"),
		                                    N_("  Tickets waiting for a return visit:")};
		cli_printf("%s\n", _(heads[it->kind]));
		c->last = (int)it->kind;
	}
	c->n++;
	switch (it->kind) {
	case FB_NEXT_ENTERPRISE_KIND:
		cli_printf("    %s\n", fb_category_label(st, FB_CAT_ENTERPRISE, it->code));
		break;
	case FB_NEXT_WORKER_KIND:
		cli_printf("    %s\n", fb_category_label(st, FB_CAT_WORKER, it->code));
		break;
	case FB_NEXT_STALE_UNIT:
		cli_printf(_("    %lld %s (last visit: %s)\n"), (long long)it->id, it->name,
		           it->date[0] ? it->date : C_("last visit", "never"));
		break;
	default:
		cli_printf(_("    ticket %lld %s - %s (since %s)\n"), (long long)it->id, it->name,
		           it->unit, it->date);
	}
	return 0;
}

/* The coverage of one cadre or group, as text or JSON. */
static int show_one(fb_cli *cli, const fb_coverage_filter *f, const char *who, int json, int next)
{
	fb_coverage c;
	fb_error err = {0};
	if (fb_coverage_get(cli->st, f, &c, &err))
		return cli_fail(&err);
	char ek[512], wk[512], ekc[256], wkc[256], a[64], b[64], d[64], e[64], g[64];
	fb_category_mask_format(cli->st, FB_CAT_ENTERPRISE, c.enterprise_kinds, FB_MASK_LABELS, ek,
	                        sizeof ek);
	fb_category_mask_format(cli->st, FB_CAT_WORKER, c.worker_kinds, FB_MASK_LABELS, wk,
	                        sizeof wk);
	fb_category_mask_format(cli->st, FB_CAT_ENTERPRISE, c.enterprise_kinds, 0, ekc, sizeof ekc);
	fb_category_mask_format(cli->st, FB_CAT_WORKER, c.worker_kinds, 0, wkc, sizeof wkc);
	struct next_ctx nc = {cli, json, 0, -1};
	if (json) {
		cli_jobj o;
		cli_jobj_begin(&o, stdout);
		cli_jobj_str(&o, "who", who);
		cli_jobj_str(&o, "from", f->from ? f->from : "");
		cli_jobj_str(&o, "to", f->to ? f->to : "");
		cli_jobj_int(&o, "units", c.units);
		cli_jobj_int(&o, "enterprises", c.enterprises);
		cli_jobj_int(&o, "unions", c.unions);
		cli_jobj_int(&o, "households", c.households);
		cli_jobj_int(&o, "communities", c.communities);
		cli_jobj_str(&o, "enterprise_kinds", ekc);
		cli_jobj_int(&o, "workers", c.workers);
		cli_jobj_str(&o, "worker_kinds", wkc);
		cli_jobj_int(&o, "head_count", c.head_count);
		cli_jobj_int(&o, "contact_days", c.contact_days);
		cli_jobj_int(&o, "sheets", c.sheets);
		cli_jobj_int(&o, "logs", c.logs);
		cli_jobj_int(&o, "target_enterprises", c.t_enterprises);
		cli_jobj_int(&o, "target_workers", c.t_workers);
		cli_jobj_int(&o, "target_households", c.t_households);
		cli_jobj_int(&o, "target_contact_days", c.t_contact_days);
		cli_jobj_int(&o, "target_contact_units", c.t_contact_units);
		cli_jobj_key(&o, "next");
		putchar('[');
	} else {
		cli_printf(_("Coverage of %s, %s to %s\n"), who, f->from ? f->from : _("the start"),
		           f->to ? f->to : _("today"));
		cli_printf(_("  Units met: %lld (enterprises %s, grassroots unions %lld, "
		             "households %s, "
		             "communities %lld)\n"),
		           (long long)c.units, against(c.enterprises, c.t_enterprises, a, sizeof a),
		           (long long)c.unions, against(c.households, c.t_households, b, sizeof b),
		           (long long)c.communities);
		cli_printf(_("  Workers met: %s (head count typed into logs: %lld)\n"),
		           against(c.workers, c.t_workers, d, sizeof d), (long long)c.head_count);
		cli_printf(_("  Contact days: %s; daily logs %lld, contact record sheets %lld\n"),
		           against(c.contact_days, c.t_contact_days, e, sizeof e),
		           (long long)c.logs, (long long)c.sheets);
		if (c.t_contact_units >= 0)
			cli_printf(_("  Contact units (leader): %s\n"),
			           against(c.units, c.t_contact_units, g, sizeof g));
		cli_printf(_("  Kinds of enterprise met: %s\n"), ek[0] ? ek : _("none"));
		cli_printf(_("  Kinds of worker met: %s\n"), wk[0] ? wk : _("none"));
		cli_printf(_("Where to go next:\n"));
	}
	fb_status s = fb_coverage_next(cli->st, f, &c, next, next_one, &nc, &err);
	if (json)
		printf("]}\n");
	else if (!nc.n)
		cli_printf(_("  every kind met, no unit waiting\n"));
	return s ? cli_fail(&err) : EXIT_OK;
}

/* The kinds ticked in the 8 bits of mask: "n/8" in a table, "n" else. */
static void kinds_of(uint32_t mask, int table, char out[8])
{
	int n = 0;
	for (uint32_t m = mask & 0xFF; m; m &= m - 1)
		n++;
	snprintf(out, 8, table ? "%d/8" : "%d", n);
}

struct cadre_ctx {
	fb_cli *cli;
	fb_table *t;
	int failed;
};

static int cadre_one(int64_t id, const char *name, const char *role, int64_t group,
                     const char *group_name, const fb_coverage *c, void *vctx)
{
	struct cadre_ctx *x = vctx;
	(void)group;
	int table = x->t->fmt == FB_FMT_TABLE;
	char sid[24], units[24], ent[48], wk[48], days[48], sheets[24], ek[8], wkk[8];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(units, sizeof units, "%lld", (long long)c->units);
	if (table) {
		against(c->enterprises, c->t_enterprises, ent, sizeof ent);
		against(c->workers, c->t_workers, wk, sizeof wk);
		against(c->contact_days, c->t_contact_days, days, sizeof days);
	} else {
		snprintf(ent, sizeof ent, "%lld", (long long)c->enterprises);
		snprintf(wk, sizeof wk, "%lld", (long long)c->workers);
		snprintf(days, sizeof days, "%lld", (long long)c->contact_days);
	}
	snprintf(sheets, sizeof sheets, "%lld", (long long)c->sheets);
	kinds_of(c->enterprise_kinds, table, ek);
	kinds_of(c->worker_kinds, table, wkk);
	const char *cells[] = {
		group_name, sid,
		name,       table ? fb_category_label(x->cli->st, FB_CAT_ROLE, role) : role,
		units,      ent,
		ek,         wk,
		wkk,        days,
		sheets};
	if (fb_table_row(x->t, cells))
		return x->failed = 1;
	return 0;
}

static int group_one(int64_t id, const char *name, const fb_coverage *c, void *vctx)
{
	struct cadre_ctx *x = vctx;
	int table = x->t->fmt == FB_FMT_TABLE;
	char sid[24], units[24], ent[48], wk[48], hh[48], days[24], sheets[24], logs[24], ek[8],
		wkk[8];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	snprintf(units, sizeof units, "%lld", (long long)c->units);
	against(c->enterprises, table ? c->t_enterprises : -1, ent, sizeof ent);
	against(c->workers, table ? c->t_workers : -1, wk, sizeof wk);
	against(c->households, table ? c->t_households : -1, hh, sizeof hh);
	snprintf(days, sizeof days, "%lld", (long long)c->contact_days);
	snprintf(sheets, sizeof sheets, "%lld", (long long)c->sheets);
	snprintf(logs, sizeof logs, "%lld", (long long)c->logs);
	kinds_of(c->enterprise_kinds, table, ek);
	kinds_of(c->worker_kinds, table, wkk);
	const char *cells[] = {name, sid, units, ent, ek, wk, wkk, hh, days, sheets, logs};
	if (fb_table_row(x->t, cells))
		return x->failed = 1;
	return 0;
}

/* End the table of a walk that returned s: the exit status. */
static int table_done(struct cadre_ctx *x, fb_status s, const fb_error *err)
{
	int failed = fb_table_end(x->t);
	if (s)
		return cli_fail(err);
	return failed || x->failed ? EXIT_USER : EXIT_OK;
}

/* --groups: every group's line. */
static int show_groups(fb_cli *cli, fb_format fmt, const fb_coverage_filter *f)
{
	static const fb_column cols[] = {
		{"group", N_("Group"), 16, 0, 0},
		{"id", N_("ID"), 6, 1, 1},
		{"units", N_("Units"), 6, 1, 1},
		{"enterprises", N_("Enterprises"), 9, 1, 1},
		{"enterprise_kinds", N_("Enterprise kinds"), 5, 1, 1},
		{"workers", N_("Workers"), 10, 1, 1},
		{"worker_kinds", N_("Worker kinds"), 5, 1, 1},
		{"households", N_("Households"), 8, 1, 1},
		{"contact_days", N_("Contact days"), 6, 1, 1},
		{"sheets", N_("Sheets"), 6, 1, 1},
		{"logs", N_("Logs"), 7, 1, 1},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 11);
	struct cadre_ctx x = {cli, &t, 0};
	fb_error err = {0};
	fb_status s = fb_coverage_groups(cli->st, f->from, f->to, group_one, &x, &err);
	return table_done(&x, s, &err);
}

int cmd_coverage(fb_cli *cli, int argc, char **argv)
{
	const char *v[O_FORMAT - O_GROUP + 1] = {0};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", coverage_opts, NULL)) != -1) {
		if (c == 'h') {
			coverage_help();
			return EXIT_OK;
		}
		if (c < O_GROUP || c > O_FORMAT)
			return cli_bad_option("coverage", c, argv, optind);
		v[c - O_GROUP] = optarg ? optarg : "1";
	}
	if (optind < argc)
		return cli_usage("coverage", _("unexpected argument '%s'"), argv[optind]);
	int groups = v[O_GROUPS - O_GROUP] != NULL;
	int cadres = v[O_CADRES - O_GROUP] != NULL || groups; /* a table, like --cadres */
	const char *group = v[O_GROUP - O_GROUP], *by = v[O_BY - O_GROUP];
	if (groups && (group || by || v[O_CADRES - O_GROUP] || v[O_NEXT - O_GROUP]))
		return cli_usage("coverage",
		                 _("--groups is every group: no --group, --by, --cadres "
		                   "or --next"));
	if (!cadres && !group == !by)
		return cli_usage("coverage", _("give --group or --by (or --cadres or --groups)"));
	fb_format fmt = cadres ? FB_FMT_TABLE : FB_FMT_TEXT;
	const char *fs = v[O_FORMAT - O_GROUP];
	if (fs && (cadres ? fb_format_parse(fs, 7, &fmt)
	                  : fb_format_parse(fs, 1u << FB_FMT_TEXT | 1u << FB_FMT_JSON, &fmt)))
		return cli_usage("coverage", cadres ? _("--format must be table, csv or json")
		                                    : _("--format must be text or json"));
	long next = 5;
	if (v[O_NEXT - O_GROUP] && cli_int("--next", v[O_NEXT - O_GROUP], 0, 1000, &next))
		return EXIT_USER;
	char from[11], to[11];
	fb_coverage_filter f = {0};
	if (v[O_FROM - O_GROUP]) {
		if (cli_date("--from", v[O_FROM - O_GROUP], from))
			return EXIT_USER;
		f.from = from;
	}
	if (v[O_TO - O_GROUP]) {
		if (cli_date("--to", v[O_TO - O_GROUP], to))
			return EXIT_USER;
		f.to = to;
	}
	if (!cli_store(cli, 0))
		return EXIT_USER;
	if (group && cli_group(cli, "--group", group, &f.group_id))
		return EXIT_USER;
	if (groups)
		return show_groups(cli, fmt, &f);
	if (cadres) {
		static const fb_column cols[] = {
			{"group", N_("Group"), 16, 0, 0},
			{"id", N_("ID"), 6, 1, 1},
			{"name", N_("Name"), 8, 0, 0},
			{"role", N_("Role"), 12, 0, 0},
			{"units", N_("Units"), 6, 1, 1},
			{"enterprises", N_("Enterprises"), 9, 1, 1},
			{"enterprise_kinds", N_("Enterprise kinds"), 5, 1, 1},
			{"workers", N_("Workers"), 10, 1, 1},
			{"worker_kinds", N_("Worker kinds"), 5, 1, 1},
			{"contact_days", N_("Contact days"), 10, 1, 1},
			{"sheets", N_("Sheets"), 6, 1, 1},
		};
		fb_table t;
		fb_table_begin(&t, stdout, fmt, cols, 11);
		struct cadre_ctx x = {cli, &t, 0};
		fb_error err = {0};
		fb_status s =
			fb_coverage_cadres(cli->st, f.group_id, f.from, f.to, cadre_one, &x, &err);
		return table_done(&x, s, &err);
	}
	char who[192];
	if (by) {
		if (cli_person_group(cli, "--by", by, &f.author_id, &f.group_id))
			return EXIT_USER;
		snprintf(who, sizeof who, "%s", by);
	} else {
		fb_group g = {0};
		fb_error err = {0};
		if (fb_group_get(cli->st, f.group_id, &g, &err))
			return cli_fail(&err);
		snprintf(who, sizeof who, "%s", g.name);
		fb_group_free(&g);
	}
	return show_one(cli, &f, who, fmt == FB_FMT_JSON, (int)next);
}
