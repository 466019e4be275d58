/* cli.h - what every subcommand gets, and the helpers they share. */
#ifndef FIELDBOOK_CLI_H
#define FIELDBOOK_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "fieldbook/fieldbook.h"

/* Exit codes of the command-line contract. */
enum { EXIT_OK = 0, EXIT_USER = 1, EXIT_USAGE = 2 };

typedef struct fb_cli {
	const char *prog;    /* "fieldbook" */
	const char *db_path; /* --db, or the default path */
	fb_store *st;        /* opened on demand by cli_store() */
	int default_path;    /* no --db: the default path (its folders may be made) */
	const char *as;      /* --as NAME: who signs in, NULL for nobody */
	int password_fd;     /* --password-fd N: secrets are read from it, -1: the terminal */
	int defer_sign_in;   /* cli_store does not sign in (init signs in itself) */
	int signed_in;       /* --as signed in */
	char secret[160];    /* the secret --as signed in with (person passwd needs it) */
} fb_cli;

/* A subcommand: argv[0] is its name; returns the exit code. */
typedef int (*fb_cmd_fn)(fb_cli *cli, int argc, char **argv);

int cmd_init(fb_cli *cli, int argc, char **argv);
int cmd_demo(fb_cli *cli, int argc, char **argv);
int cmd_log(fb_cli *cli, int argc, char **argv);
int cmd_ticket(fb_cli *cli, int argc, char **argv);
int cmd_person(fb_cli *cli, int argc, char **argv);
int cmd_report(fb_cli *cli, int argc, char **argv); /* cmd_report.c (reports) */
/* report due, schedule, file (cmd_due.c: the reporting calendar) */
int cmd_report_due(fb_cli *cli, int argc, char **argv);
int cmd_report_schedule(fb_cli *cli, int argc, char **argv);
int cmd_report_file(fb_cli *cli, int argc, char **argv);
/* report review, history (cmd_review.c) */
int cmd_report_review(fb_cli *cli, int argc, char **argv);
int cmd_report_history(fb_cli *cli, int argc, char **argv);
int cmd_calendar(fb_cli *cli, int argc, char **argv); /* cmd_calendar.c: holidays, leave */
int cmd_stats(fb_cli *cli, int argc, char **argv);    /* cmd_stats.c (reports) */
int cmd_target(fb_cli *cli, int argc, char **argv);   /* cmd_target.c (reports) */
int cmd_export(fb_cli *cli, int argc, char **argv);
int cmd_rollup(fb_cli *cli, int argc, char **argv); /* cmd_rollup.c (sync) */
int cmd_import(fb_cli *cli, int argc, char **argv);
int cmd_inbox(fb_cli *cli, int argc, char **argv);    /* cmd_inbox.c (headquarters) */
int cmd_conflict(fb_cli *cli, int argc, char **argv); /* cmd_conflict.c */
/* export --xlsx (cmd_register.c): the registers for Excel into out, every
 * group or one; progress (may be NULL) as the bundle's. */
int cli_export_registers(fb_store *st, const char *out, int64_t group_id,
                         void (*progress)(void *ctx, const char *table, long rows));
int cmd_unit(fb_cli *cli, int argc, char **argv);     /* cmd_unit.c (the contact ledger) */
int cmd_worker(fb_cli *cli, int argc, char **argv);   /* cmd_worker.c */
int cmd_visit(fb_cli *cli, int argc, char **argv);    /* cmd_visit.c */
int cmd_coverage(fb_cli *cli, int argc, char **argv); /* cmd_coverage.c */
int cmd_sheet(fb_cli *cli, int argc, char **argv);    /* cmd_sheet.c */
int cmd_point(fb_cli *cli, int argc, char **argv);    /* cmd_point.c (contact points) */
int cmd_topic(fb_cli *cli, int argc, char **argv);    /* cmd_point.c (research topics) */
int cmd_pairing(fb_cli *cli, int argc, char **argv);  /* cmd_point.c (leader pairings) */
int cmd_verify(fb_cli *cli, int argc, char **argv);
int cmd_key(fb_cli *cli, int argc, char **argv); /* cmd_key.c (keys) */

/* Open the database (creating it if create), reporting any error on
 * stderr, and sign in as --as (unless defer_sign_in). NULL on failure.
 * session.c, as cli_sign_in. */
fb_store *cli_store(fb_cli *cli, int create);
/* Sign in as --as on the open store, reading the secret (cli_secret):
 * EXIT_OK, or the error said and EXIT_USER. No --as: EXIT_OK, nobody. */
int cli_sign_in(fb_cli *cli);
/* Read a secret into buf: one line from --password-fd, else from the
 * terminal with echo off after prompt (on the terminal). EXIT_OK, or the
 * error said and EXIT_USER (no terminal and no --password-fd, end of
 * input, too long). Never from the command line. secret.c, as
 * cli_new_secret. */
int cli_secret(fb_cli *cli, const char *prompt, char *buf, size_t size);
/* A new secret: from --password-fd one line; from the terminal twice,
 * the two must match. Checked against the core's rules. */
int cli_new_secret(fb_cli *cli, const char *prompt, char *buf, size_t size);

/* Messages on stderr are one line each, "fieldbook: ...", with every
 * control and invisible character shown as a visible escape (what a user
 * typed or a bundle brought never reaches the terminal raw). */
/* Print the error; returns the exit code for it. */
int cli_fail(const fb_error *err);
/* Print "fieldbook: <printf>"; returns code. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "fieldbook: <printf>" (a note, not an error). */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Usage error: message plus "try --help"; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* getopt reported a missing value (':') or an unknown option ('?'): say
 * which, as a usage error of cmd. */
int cli_bad_option(const char *cmd, int c, char **argv, int optind_now);

/* Writing stdout failed with errno e (e = 0 only asks). Returns non-zero
 * once any failure was recorded. */
int cli_output_failed(int e);
/* At exit: flush and close stdout; a write error (a full disk, /dev/full,
 * an earlier failure) is reported and turns rc into EXIT_USER. */
int cli_finish_stdout(int rc);

/* Parse a whole number in [min, max] for option `opt`; EXIT_OK or prints
 * and returns EXIT_USER. */
int cli_int(const char *opt, const char *s, long min, long max, long *out);
/* A count option for the column field of record: the range is the limits
 * table's (fieldbook/limits.h), so the option refuses what the core would. */
int cli_count(const char *opt, const char *s, const char *record, const char *field, int64_t *out);
/* The one ID parser: a record's number (1 to 2^63-1) for `what` (an
 * option, or "ID"); EXIT_OK or prints and returns EXIT_USER. */
int cli_id(const char *what, const char *s, int64_t *id);
/* The ID after a subcommand (argv[2] of "log show 12"): EXIT_OK, a usage
 * error when missing, or -1 after printing help (for --help there). */
int cli_arg_id(const char *cmd, int argc, char **argv, void (*help)(void), int64_t *id);
/* Resolve a person (name or id) / group (name or id). */
int cli_person(fb_cli *cli, const char *opt, const char *name, int64_t *id);
int cli_group(fb_cli *cli, const char *opt, const char *name, int64_t *id);

/* The frame of a command with subcommands (subcmd.c). */
typedef struct cli_sub {
	const char *name;
	int (*fn)(fb_cli *cli, int argc, char **argv); /* argv[1] is the name */
} cli_sub;
/* Run the subcommand argv[1] of cmd among subs[n]; help (and EXIT_USAGE)
 * when there is none, help for --help, a usage error for an unknown one. */
int cli_subcommand(fb_cli *cli, const char *cmd, int argc, char **argv, const cli_sub *subs,
                   size_t n, void (*help)(void));
/* getopt_long over argv[skip..] with opts (values first, first + 1, ...;
 * "help" as 'h'): each option's value (or "1") into v[value - first];
 * optind + skip is then the first positional word. -1 after --help (help
 * printed), a usage error for a bad option, 0. */
struct option;
int cli_options(const char *cmd, int argc, char **argv, int skip, const struct option *opts,
                int first, const char **v, void (*help)(void));
/* A subcommand's options from argv[first..] (cli_options with skip =
 * first - 1) into v[nv], cleared first; a word that is no option is a
 * usage error of cmd. 0, -1 after --help, or the exit code of a mistake. */
int cli_sub_options(const char *cmd, int argc, char **argv, int first, const struct option *opts,
                    int lo, const char **v, size_t nv, void (*help)(void));
/* Say err (cli_fail) with its field, when it is a core name map[i][0],
 * turned into the option that sets it, map[i][1]. */
int cli_fail_field(fb_error *err, const char *const (*map)[2], size_t n);
/* The group from --group (name: its value, may be NULL), or the only group
 * there is; a usage error of cmd when there are several. */
int cli_one_group(fb_cli *cli, const char *cmd, const char *name, int64_t *id);

/* Vocabularies of codes that are not categories in the database. */
#define CLI_REPORT_KIND "report_kind"
#define CLI_REPORT_SECTION "report_section"
#define CLI_CODE_SIZE 32
/* The one resolver of what a person types where a code is asked for: a
 * code or a label (Chinese or English) of a category kind (FB_CAT_*), a
 * report kind or a report section, into code. Unknown: one line listing
 * the codes and labels, and EXIT_USER (a category: data of the database)
 * or EXIT_USAGE (a report kind or section: a word of the command line,
 * for which cli may have no store yet). */
int cli_code(fb_cli *cli, const char *kind, const char *opt, const char *word,
             char code[CLI_CODE_SIZE]);
/* The person `name` (option opt) and their work group: EXIT_OK, or prints
 * and returns EXIT_USER (no such person, or in no group). cmd_unit.c. */
int cli_person_group(fb_cli *cli, const char *opt, const char *name, int64_t *person, int64_t *group);
/* A unit of the ledger named by its number or its name (group 0: any):
 * the one unit whose name key is the word's; else EXIT_USER naming the
 * likeliest units. cmd_unit.c. */
int cli_unit(fb_cli *cli, const char *opt, int64_t group, const char *word, int64_t *id);
/* Read a date option (accepts today, 2026年11月22日...) into "YYYY-MM-DD". */
int cli_date(const char *opt, const char *s, char out[11]);
/* Display columns of the terminal: $COLUMNS when it is set to a positive
 * number (the user's explicit choice: shells do not export it unless asked),
 * else the width of the terminal on stdout, else 0 (not a terminal). */
int cli_term_width(void);
/* Page width for reports and the overview: the --width value if given (-1
 * after reporting a bad one), else cli_term_width() when it is 40 or more,
 * else 80. */
int cli_width(const char *opt_value);

/* Print the history of record uuid of table (history_print.c) under
 * heading, a page at a time; EXIT_OK, or the exit code of an error it
 * printed. */
#define CLI_HISTORY_PAGE 100
int cli_history_print(fb_cli *cli, const char *heading, const char *table, const char *uuid);

#endif
