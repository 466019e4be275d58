/* cmd_review.c - fieldbook report review (HQ reads, comments, accepts or
 * returns a report with the reason) and report history (the revisions and
 * every review, oldest first). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fieldbook/review.h"
#include "output.h"

static void review_help(void)
{
	printf(_("Usage: fieldbook report review ID (--read | --accept | --return REASON |\n"
	         "                                    --comment TEXT)\n"
	         "       fieldbook report history ID [--format table|csv|json]\n\n"
	         "review records HQ's review of a submitted report: read, a comment, accepted,\n"
	         "or returned for rework with the reason. The group sees the return and why,\n"
	         "edits the report (a new revision) and submits it again. history lists the\n"
	         "report's revisions and every review, oldest first.\n\n"
	         "  --read          mark it read\n"
	         "  --accept        accept it\n"
	         "  --return REASON return it for rework, saying why\n"
	         "  --comment TEXT  add a comment (also after a decision)\n"));
}

enum { O_READ = 256, O_ACCEPT, O_RETURN, O_COMMENT, O_FORMAT };
#define V(o) v[(o)-O_READ]

static int parse(const char *cmd, int argc, char **argv, const char **v, int64_t *id)
{
	static const struct option opts[] = {
		{"read", no_argument, NULL, O_READ},
		{"accept", no_argument, NULL, O_ACCEPT},
		{"return", required_argument, NULL, O_RETURN},
		{"comment", required_argument, NULL, O_COMMENT},
		{"format", required_argument, NULL, O_FORMAT},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	int rc = cli_options(cmd, argc, argv, 1, opts, O_READ, v, review_help);
	if (rc)
		return rc;
	int rest = argc - 1 - optind;
	if (rest == 0)
		return cli_usage(cmd, _("the report's ID is missing (see: fieldbook report list)"));
	if (rest > 1)
		return cli_usage(cmd, _("unexpected argument '%s'"), argv[2 + optind]);
	return cli_id(_("ID"), argv[1 + optind], id);
}

int cmd_report_review(fb_cli *cli, int argc, char **argv)
{
	const char *v[O_FORMAT - O_READ + 1] = {0};
	fb_review r = {0};
	int rc = parse("report review", argc, argv, v, &r.report_id);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	int n = !!V(O_READ) + !!V(O_ACCEPT) + !!V(O_RETURN) + !!V(O_COMMENT);
	if (n != 1)
		return cli_usage(
			"report review",
			_("give one of --read, --accept, --return REASON, --comment TEXT"));
	const char *d = V(O_READ)     ? "read"
	                : V(O_ACCEPT) ? "accepted"
	                : V(O_RETURN) ? "returned"
	                              : "comment";
	snprintf(r.decision, sizeof r.decision, "%s", d);
	r.body = V(O_RETURN) ? V(O_RETURN) : V(O_COMMENT) ? V(O_COMMENT) : "";
	if (!cli_store(cli, 0))
		return EXIT_USER;
	r.reviewer_id = fb_store_actor(cli->st);
	fb_error err = {0};
	if (fb_review_add(cli->st, &r, &err)) {
		if (!strcmp(err.field, "body"))
			snprintf(err.field, sizeof err.field, "%s",
			         V(O_RETURN) ? "--return" : "--comment");
		return cli_fail(&err);
	}
	fb_review_status s;
	if (fb_review_status_of(cli->st, r.report_id, &s, &err))
		return cli_fail(&err);
	cli_printf(_("Report %lld (revision %d): %s.\n"), (long long)r.report_id, s.revision_no,
	           fb_review_state_label(s.state));
	return EXIT_OK;
}

struct hist {
	fb_table *t;
	fb_format fmt;
	int failed;
};

static int hist_row(const fb_report_event *e, void *ctx)
{
	struct hist *h = ctx;
	char id[24], rev[12], at[21];
	snprintf(id, sizeof id, "%lld", (long long)e->report_id);
	snprintf(rev, sizeof rev, "%d", e->revision_no);
	int table = h->fmt == FB_FMT_TABLE;
	const char *cells[] = {
		table ? fb_local_time(e->at, 1, at, sizeof at) : e->at, id,     rev,
		table ? fb_report_event_label(e->what) : e->what,       e->who, e->body};
	return (h->failed = fb_table_row(h->t, cells) < 0);
}

int cmd_report_history(fb_cli *cli, int argc, char **argv)
{
	const char *v[O_FORMAT - O_READ + 1] = {0};
	int64_t id;
	int rc = parse("report history", argc, argv, v, &id);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (V(O_READ) || V(O_ACCEPT) || V(O_RETURN) || V(O_COMMENT))
		return cli_usage("report history",
		                 _("history only lists: review records a review"));
	fb_format fmt = FB_FMT_TABLE;
	if (V(O_FORMAT) && fb_format_parse(V(O_FORMAT), 7, &fmt))
		return cli_usage("report history", _("--format must be table, csv or json"));
	if (!cli_store(cli, 0))
		return EXIT_USER;
	static const fb_column cols[] = {
		{"at", N_("When"), 16, 0, 0},      {"report_id", N_("ID"), 6, 1, 1},
		{"revision", N_("Rev."), 4, 1, 1}, {"what", N_("What"), 16, 0, 0},
		{"who", N_("By whom"), 8, 0, 0},   {"text", N_("Text"), 40, 0, 0},
	};
	fb_table t;
	fb_table_begin(&t, stdout, fmt, cols, 6);
	struct hist h = {&t, fmt, 0};
	fb_error err = {0};
	fb_status st = fb_report_history(cli->st, id, hist_row, &h, &err);
	if (fb_table_end(&t) < 0 || h.failed)
		return EXIT_USER;
	return st ? cli_fail(&err) : EXIT_OK;
}
