/* main.c - fieldbook [--db PATH] [COMMAND ...]: global options and the
 * dispatch to subcommands. With no command, the terminal front end. */
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#ifdef FB_HAVE_TUI
#include "tui.h"
#endif

static const struct command {
	const char *name;
	fb_cmd_fn fn;
	const char *summary;
} commands[] = {
	{"init", cmd_init, N_("create the database and set up a work group and its people")},
	{"demo", cmd_demo, N_("fill the database with realistic synthetic data")},
	{"log", cmd_log, N_("daily logs: add, list, show, edit, rm, undelete")},
	{"ticket", cmd_ticket, N_("problem tickets: add, list, show, event, rm, undelete")},
	{"person", cmd_person, N_("people of the work groups: add, edit, list")},
	{"report",
         cmd_report, N_("reports: weekly, monthly, stage, show, list, edit, submit, due, schedule, file, review, history")},
	{"stats", cmd_stats, N_("the headquarters overview: groups and cadres side by side")},
	{"target", cmd_target, N_("targets of the circulars: list, set")},
	{"calendar", cmd_calendar, N_("working days: holidays, make-up days, leave")},
	{"export", cmd_export, N_("write a bundle (zip of CSV files) for HQ or a station")},
	{"import", cmd_import, N_("check and apply a bundle in one transaction")},
	{"inbox", cmd_inbox, N_("HQ's folder of bundles: list, check, import each")},
	{"conflict", cmd_conflict, N_("records changed on both sides: list, show, settle")},
	{"unit", cmd_unit,
         N_("the ledger's units (enterprises, unions...): add, list, show, edit, merge")},
	{"worker", cmd_worker, N_("workers met (八必访): add, list, show, edit, rm")},
	{"visit", cmd_visit, N_("link a daily log to the units and workers it covered")},
	{"sheet", cmd_sheet, N_("contact record sheets: add, list, show (printable), file, ticket")},
	{"point", cmd_point,
         N_("contact points (联系点): add, list, show, edit, delete, take a topic")},
	{"topic", cmd_topic,
         N_("research topics of the year, published by HQ: add, list, show, edit")},
	{"pairing", cmd_pairing, N_("HQ leaders paired with county unions: add, list, visit")},
	{"coverage", cmd_coverage, N_("kinds covered, distinct units and workers, where to go next")},
	{"verify", cmd_verify, N_("check that no entry of the history was changed or removed")},
	{"key", cmd_key, N_("this device's keys: show, rotate, backup, restore")},
	{"rollup", cmd_rollup, N_("the provincial roll-up on PostgreSQL: push, stats")},
};

static void usage(FILE *out)
{
	fprintf(out,
	        _("Usage: fieldbook [--db PATH] [--as NAME [--password-fd N]] [COMMAND [ARGS...]]\n"
	          "The offline ledger of stationed work groups. Without a command it opens\n"
	          "the terminal front end.\n\nCommands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(out, _("\nOptions:\n"
	               "  --db PATH    the database (default: $FIELDBOOK_DB, else\n"
	               "               $XDG_DATA_HOME/fieldbook/fieldbook.db)\n"
	               "  --as NAME    act as this person: a command that changes data needs\n"
	               "               one; the password or PIN is asked for on the terminal\n"
	               "  --password-fd N  read the password (one line) from file descriptor N\n"
	               "               instead, for scripts; never give it on the command line\n"
	               "  --help       this help; COMMAND --help for a command's\n"
	               "  --version    the version\n"));
}

/* Say what is happening while an old database is upgraded (it can take
 * minutes when new indexes are built over a large one). A new, empty
 * database is "upgraded" from 0 in an instant: not worth a word. ctx is
 * the time the upgrade started (0 before). */
static void show_migration(int from, int to, int done, void *ctx)
{
	time_t *started_at = ctx, started = *started_at;
	int tty = isatty(STDERR_FILENO);
	if (from == 0)
		return;
	if (!started) {
		started = *started_at = time(NULL);
		fprintf(stderr,
		        _("fieldbook: upgrading the database to schema %d (from %d); "
		          "a large database can take a few minutes. Please wait..."),
		        to, from);
		fputc(tty ? ' ' : '\n', stderr);
	} else if (!done && tty) {
		fputc('.', stderr);
	}
	if (done < 0 && tty)
		fputc('\n', stderr); /* the error follows on its own line */
	if (done > 0) {
		fprintf(stderr, _("%sdone in %ld s.\n"),
		        tty ? "" : "fieldbook: ", (long)(time(NULL) - started));
	}
	fflush(stderr);
}

/* No command: the front end, or (in a build without it) the first steps. */
static int no_command(fb_cli *cli)
{
#ifdef FB_HAVE_TUI
	return fb_tui_run(cli->db_path, cli->default_path ? FB_TUI_MKDIRS : 0);
#else
	fb_store *st = cli_store(cli, 1);
	if (!st)
		return EXIT_USER;
	fb_error err = {0};
	int isnew = fb_store_is_new(st, &err);
	if (isnew < 0)
		return cli_fail(&err);
	if (isnew) {
		cli_printf(_("fieldbook: %s is a new, empty database.\n"
		             "Set up your work group:\n"
		             "  fieldbook init --group NAME --station STATION --leader NAME "
		             "--member NAME\n"
		             "or explore demo data:\n"
		             "  fieldbook demo --logs 2000\n"),
		           cli->db_path);
	} else {
		usage(stdout);
	}
	return EXIT_OK;
#endif
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	fb_error i18n_err = {0};
	if (fb_i18n_init(&i18n_err) != FB_OK)
		cli_fail(&i18n_err); /* said once; fieldbook goes on in English */
	time_t migration_started = 0;
	fb_store_set_migrate_progress(show_migration, &migration_started);

	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},          {"as", required_argument, NULL, 'a'},
		{"password-fd", required_argument, NULL, 'P'}, {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},           {0, 0, 0, 0},
	};
	char dbbuf[4096];
	fb_cli cli = {.prog = "fieldbook", .password_fd = -1};
	long fd;
	int c;
	opterr = 0; /* every parser reports unknown options in its own words */
	/* "+": stop at the first non-option, the command. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cli.db_path = optarg; break;
		case 'a': cli.as = optarg; break;
		case 'P':
			if (cli_int("--password-fd", optarg, 0, 1000000, &fd))
				return EXIT_USAGE;
			if (fcntl((int)fd, F_GETFD) < 0) {
				fprintf(stderr, _("fieldbook: --password-fd %ld is not open\n"), fd);
				return EXIT_USAGE;
			}
			cli.password_fd = (int)fd;
			break;
		case 'h': usage(stdout); return cli_finish_stdout(EXIT_OK);
		case 'V':
			cli_printf("fieldbook %s (SQLite %s)\n", FB_VERSION,
			           fb_store_sqlite_version());
			cli_printf(_("message catalogues: %s\n"), fb_i18n_dir());
			return cli_finish_stdout(EXIT_OK);
		default:
			fprintf(stderr, _("fieldbook: unknown option '%s'\n"), argv[optind - 1]);
			fprintf(stderr, _("Try 'fieldbook --help'.\n"));
			return EXIT_USAGE;
		}
	}
	if (!cli.db_path) {
		cli.db_path = fb_default_db_path(dbbuf, sizeof dbbuf);
		cli.default_path = 1;
	}

	int rc;
	if (optind >= argc) {
		rc = no_command(&cli);
	} else {
		const char *name = argv[optind];
		const struct command *cmd = NULL;
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (!strcmp(name, commands[i].name))
				cmd = &commands[i];
		if (!cmd) {
			fprintf(stderr, _("fieldbook: '%s' is not a command.\n"), name);
			fprintf(stderr, _("Try 'fieldbook --help'.\n"));
			return EXIT_USAGE;
		}
		optind++;
		/* Subcommands parse their own options from their own argv. */
		int sub_argc = argc - optind + 1;
		char **sub_argv = argv + optind - 1;
		optind = 0;
		rc = cmd->fn(&cli, sub_argc, sub_argv);
	}
	fb_store_close(cli.st);
	explicit_bzero(cli.secret, sizeof cli.secret);
	/* a full disk or /dev/full: exit 1 with a message, never 0 with a
	 * truncated output */
	return cli_finish_stdout(rc);
}
