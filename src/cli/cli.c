/* cli.c - helpers shared by the subcommands: messages on stderr, the state
 * of stdout, parsing option values (numbers, IDs, codes, dates, widths). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "fieldbook/limits.h"
#include "fieldbook/report.h"
#include "output.h"

/* One line on stderr with every unsafe code point (controls, LF too,
 * invisible characters) made visible. */
static void put_visible_line(const char *line)
{
	char *v = fb_text_visible_dup(line, 0);
	if (v)
		fputs(v, stderr);
	else /* memory is short: the plain characters, no others */
		for (const unsigned char *p = (const unsigned char *)line; *p; p++)
			putc(*p >= 0x20 && *p < 0x7F ? *p : '?', stderr);
	free(v);
	putc('\n', stderr);
}

/* "fieldbook: msg" on stderr. */
static void put_line(const char *msg)
{
	char line[2048];
	snprintf(line, sizeof line, _("fieldbook: %s"), msg);
	put_visible_line(line);
}

__attribute__((format(printf, 1, 0))) static void vput_line(const char *fmt, va_list ap)
{
	char msg[1536];
	vsnprintf(msg, sizeof msg, fmt, ap);
	put_line(msg);
}

int cli_fail(const fb_error *err)
{
	char buf[1024];
	fb_error e = *err;
	if (!strcmp(e.field, "id")) /* the core's name for a record's number */
		fb_text_copy(_("ID"), e.field, sizeof e.field);
	/* a refusal for want of a signed-in person: how to sign in, on the
	 * same line */
	if (e.code == FB_EPERM && strstr(e.msg, _("nobody is signed in"))) {
		size_t n = strlen(e.msg);
		snprintf(e.msg + n, sizeof e.msg - n, _(" (fieldbook --as NAME ...)"));
	}
	put_line(fb_error_format(&e, buf, sizeof buf));
	return EXIT_USER;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput_line(fmt, ap);
	va_end(ap);
	return code;
}

void cli_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput_line(fmt, ap);
	va_end(ap);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	char line[2048];
	int n = snprintf(line, sizeof line, _("fieldbook %s: "), cmd);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	put_visible_line(line);
	fprintf(stderr, _("Try 'fieldbook %s --help'.\n"), cmd);
	return EXIT_USAGE;
}

int cli_bad_option(const char *cmd, int c, char **argv, int optind_now)
{
	const char *arg = argv[optind_now - 1];
	if (c == ':')
		return cli_usage(cmd, _("option '%s' needs a value"), arg);
	return cli_usage(cmd, _("unknown option '%s'"), arg);
}

/* The first write error on stdout (an errno), 0 while there is none. The
 * program's one record of it: the CLI is one thread, and main() reads it
 * once at exit. */
static int stdout_errno;

int cli_output_failed(int e)
{
	if (e && !stdout_errno)
		stdout_errno = e;
	return stdout_errno != 0;
}

int cli_finish_stdout(int rc)
{
	int e = stdout_errno;
	if (fflush(stdout) && !e)
		e = errno ? errno : EIO;
	if (ferror(stdout) && !e)
		e = EIO;
	if (fclose(stdout) && !e && errno != EBADF)
		e = errno ? errno : EIO;
	if (!e)
		return rc;
	cli_error(EXIT_USER, _("cannot write the output: %s"), strerror(e));
	return EXIT_USER;
}

int cli_int(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno == ERANGE)
		return cli_error(EXIT_USER, _("%s: %s is out of range (%ld to %ld)"), opt, s, min,
		                 max);
	if (!*s || *end || errno)
		return cli_error(EXIT_USER, _("%s: '%s' is not a whole number"), opt, s);
	if (v < min || v > max)
		return cli_error(EXIT_USER, _("%s: %ld is out of range (%ld to %ld)"), opt, v, min,
		                 max);
	*out = v;
	return EXIT_OK;
}

int cli_count(const char *opt, const char *s, const char *record, const char *field, int64_t *out)
{
	const fb_limit *l = fb_limit_get(record, field);
	long v;
	if (cli_int(opt, s, l ? (long)l->min : 0, l ? (long)l->max : LONG_MAX, &v))
		return EXIT_USER;
	*out = v;
	return EXIT_OK;
}

int cli_id(const char *what, const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end || errno || v < 1)
		return cli_error(EXIT_USER, _("%s: '%s' is not an ID (a whole number from 1 up)"),
		                 what, s);
	*id = (int64_t)v;
	return EXIT_OK;
}

int cli_arg_id(const char *cmd, int argc, char **argv, void (*help)(void), int64_t *id)
{
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		help();
		return -1;
	}
	if (argc < 3 || argv[2][0] == '-')
		return cli_usage(cmd, _("which one? give its ID"));
	return cli_id(_("ID"), argv[2], id);
}

int cli_person(fb_cli *cli, const char *opt, const char *name, int64_t *id)
{
	fb_person p = {0};
	fb_error err = {0};
	fb_status s = fb_person_find(cli->st, name, 0, &p, &err);
	if (s == FB_EINVAL) { /* several of that name */
		snprintf(err.field, sizeof err.field, "%s", opt);
		return cli_fail(&err);
	}
	if (s != FB_OK && s != FB_ENOTFOUND) /* a busy or damaged database */
		return cli_fail(&err);
	if (s != FB_OK || p.deleted) {
		fb_person_free(&p);
		return cli_error(EXIT_USER, _("%s: no one named '%s' (see: fieldbook person list)"),
		                 opt, name);
	}
	*id = p.id;
	fb_person_free(&p);
	return EXIT_OK;
}

int cli_group(fb_cli *cli, const char *opt, const char *name, int64_t *id)
{
	fb_group g = {0};
	fb_error err = {0};
	fb_status s = fb_group_find(cli->st, name, &g, &err);
	if (s != FB_OK && s != FB_ENOTFOUND) {
		fb_group_free(&g);
		return cli_fail(&err);
	}
	if (s != FB_OK || g.deleted) {
		fb_group_free(&g);
		return cli_error(EXIT_USER, _("%s: no work group '%s'"), opt, name);
	}
	*id = g.id;
	fb_group_free(&g);
	return EXIT_OK;
}

/* 1 if kind is a category kind of the database (not a report vocabulary). */
static int cats_kind(const char *kind)
{
	return strcmp(kind, CLI_REPORT_KIND) && strcmp(kind, CLI_REPORT_SECTION);
}

/* A report kind or section typed by a person into its code; -1 if none. */
static int report_code(const char *kind, const char *word, char code[CLI_CODE_SIZE])
{
	int report_kind = !strcmp(kind, CLI_REPORT_KIND);
	int i = report_kind ? fb_report_kind_resolve(word) : fb_report_section_resolve(word);
	if (i < 0)
		return -1;
	snprintf(code, CLI_CODE_SIZE, "%s",
	         report_kind ? fb_report_kind_code((fb_report_kind)i)
	                     : fb_report_section_code((fb_report_section)i));
	return 0;
}

/* "OPT: 'WORD' is not one of: code (label), ..." for kind, one line. */
static int not_one_of(fb_cli *cli, const char *kind, const char *opt, const char *word)
{
	char list[1200] = "";
	size_t n = 0;
	if (!cats_kind(kind)) {
		int kinds = !strcmp(kind, CLI_REPORT_KIND),
		    count = kinds ? FB_REPORT_NKINDS : FB_SEC_COUNT;
		for (int i = 0; i < count && n < sizeof list; i++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s (%s)", i ? ", " : "",
			                      kinds ? fb_report_kind_code((fb_report_kind)i)
			                            : fb_report_section_code((fb_report_section)i),
			                      kinds ? fb_report_kind_label((fb_report_kind)i)
			                            : fb_report_section_label((fb_report_section)i));
	} else {
		fb_category cats[64];
		int count = fb_category_list(cli->st, kind, cats, 64);
		for (int i = 0; i < count && n < sizeof list; i++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s (%s)", i ? ", " : "",
			                      cats[i].code,
			                      fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
	}
	/* a report kind or section is a word of the command line: a usage
	 * error; a category is data of the database */
	return cli_error(cats_kind(kind) ? EXIT_USER : EXIT_USAGE, _("%s: '%s' is not one of: %s"),
	                 opt, word, list);
}

int cli_code(fb_cli *cli, const char *kind, const char *opt, const char *word,
             char code[CLI_CODE_SIZE])
{
	if (!cats_kind(kind))
		return report_code(kind, word, code) ? not_one_of(cli, kind, opt, word) : EXIT_OK;
	fb_category c;
	fb_error err = {0};
	fb_status s = fb_category_resolve(cli->st, kind, word, &c, &err);
	if (s == FB_ENOTFOUND)
		return not_one_of(cli, kind, opt, word);
	if (s != FB_OK)
		return cli_fail(&err);
	snprintf(code, CLI_CODE_SIZE, "%s", c.code);
	return EXIT_OK;
}

int cli_date(const char *opt, const char *s, char out[11])
{
	fb_date d;
	fb_error err = {0};
	if (fb_date_parse(s, &d, opt, &err) != FB_OK)
		return cli_fail(&err);
	fb_date_format(d, out);
	return EXIT_OK;
}

int cli_term_width(void)
{
	const char *env = getenv("COLUMNS");
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (!*end && v > 0 && v < 100000)
			return (int)v;
	}
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

int cli_width(const char *opt_value)
{
	long v = 0;
	if (opt_value)
		return cli_int("--width", opt_value, 40, 1000, &v) ? -1 : (int)v;
	int w = cli_term_width();
	return w >= 40 ? w : 80;
}

/* Counts the live groups, keeping the first one's id. */
static int count_group(const fb_group *g, void *ctx)
{
	int64_t *first = ctx;
	if (!first[1]++)
		first[0] = g->id;
	return 0;
}

int cli_one_group(fb_cli *cli, const char *cmd, const char *name, int64_t *id)
{
	if (name)
		return cli_group(cli, "--group", name, id);
	int64_t seen[2] = {0, 0}; /* the first id, how many */
	fb_error err = {0};
	if (fb_group_each(cli->st, count_group, seen, &err) != FB_OK)
		return cli_fail(&err);
	*id = seen[0];
	int n = seen[1] > 1000000 ? 1000000 : (int)seen[1];
	if (n == 1)
		return EXIT_OK;
	if (n == 0)
		return cli_error(EXIT_USER,
		                 _("there is no work group yet (set one up with: fieldbook init)"));
	return cli_usage(cmd, _("--group is needed: there are %d work groups"), n);
}
