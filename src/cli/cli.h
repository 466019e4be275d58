/* cli.h - what every subcommand gets, and the helpers they share. */
#ifndef FIELDBOOK_CLI_H
#define FIELDBOOK_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "fieldbook/fieldbook.h"

/* Exit codes of the command-line contract. */
enum { EXIT_OK = 0, EXIT_USER = 1, EXIT_USAGE = 2 };

typedef struct fb_cli {
	const char *prog;     /* "fieldbook" */
	const char *db_path;  /* --db, or the default path */
	fb_store *st;         /* opened on demand by cli_store() */
	int default_path;     /* no --db: the default path (its folders may be made) */
} fb_cli;

/* A subcommand: argv[0] is its name; returns the exit code. */
typedef int (*fb_cmd_fn)(fb_cli *cli, int argc, char **argv);

int cmd_init(fb_cli *cli, int argc, char **argv);
int cmd_demo(fb_cli *cli, int argc, char **argv);
int cmd_log(fb_cli *cli, int argc, char **argv);
int cmd_ticket(fb_cli *cli, int argc, char **argv);
int cmd_person(fb_cli *cli, int argc, char **argv);
int cmd_report(fb_cli *cli, int argc, char **argv); /* cmd_report.c (reports) */
int cmd_stats(fb_cli *cli, int argc, char **argv);  /* cmd_stats.c (reports) */
int cmd_target(fb_cli *cli, int argc, char **argv); /* cmd_target.c (reports) */
/* Page width: --width value if given (-1 after reporting a bad one), else
 * $COLUMNS, the terminal's, or 80 (cmd_report.c). */
int cli_width(const char *opt_value);
int cmd_export(fb_cli *cli, int argc, char **argv);
int cmd_import(fb_cli *cli, int argc, char **argv);

/* Open the database (creating it if create), reporting any error on
 * stderr. NULL on failure. */
fb_store *cli_store(fb_cli *cli, int create);
/* Print "fieldbook: <error>" on stderr; returns the exit code for it. */
int cli_fail(const fb_error *err);
/* Print "fieldbook: <printf>" on stderr; returns code. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Usage error: message plus "try --help"; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* getopt reported a missing value (':') or an unknown option ('?'): say
 * which, as a usage error of cmd. */
int cli_bad_option(const char *cmd, int c, char **argv, int optind_now);

/* Parse a whole number in [min, max] for option `opt`; EXIT_OK or prints
 * and returns EXIT_USER. */
int cli_int(const char *opt, const char *s, long min, long max, long *out);
/* Resolve a person (name or id) / group (name or id). */
int cli_person(fb_cli *cli, const char *opt, const char *name, int64_t *id);
int cli_group(fb_cli *cli, const char *opt, const char *name, int64_t *id);
/* Resolve a category by code or label into its code (static storage per kind). */
int cli_category(fb_cli *cli, const char *kind, const char *opt, const char *word,
                 const char **code);
/* Read a date option (accepts today, 2026年11月22日...) into "YYYY-MM-DD". */
int cli_date(const char *opt, const char *s, char out[11]);

#endif
