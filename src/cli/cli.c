/* cli.c - helpers shared by the subcommands: opening the store, reporting
 * errors, parsing option values. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

fb_store *cli_store(fb_cli *cli, int create)
{
	if (cli->st)
		return cli->st;
	fb_error err = {0};
	/* A database we may read but not write (a copy on a read-only stick)
	 * still shows its contents; a write then says it is read-only. */
	int flags = create ? FB_OPEN_CREATE : FB_OPEN_MAY_READONLY;
	if (create && cli->default_path)
		flags |= FB_OPEN_MKDIRS;
	fb_status s = fb_store_open(cli->db_path, flags, &cli->st, &err);
	if (s != FB_OK) {
		cli_fail(&err);
		return NULL;
	}
	/* what cannot be had (write-ahead logging...) is said once; a read-only
	 * file says so at the first write, in one line */
	if (fb_store_warning(cli->st) && !fb_store_readonly(cli->st))
		cli_error(0, _("warning: %s"), fb_store_warning(cli->st));
	return cli->st;
}

static void put_clean(const char *msg);

/* "OPT: 'WORD' is not one of: " with WORD's control characters hidden. */
static void put_clean_inline(const char *opt, const char *word)
{
	char line[600];
	snprintf(line, sizeof line, _("%s: '%s' is not one of: "), opt, word);
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = '?';
	fputs(line, stderr);
}

/* Write a message to stderr with control characters shown as '?': what
 * the user typed (an escape sequence, say) is never sent to the terminal. */
static void put_clean(const char *msg)
{
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
		putc(*p < 0x20 || *p == 0x7F ? '?' : *p, stderr);
	putc('\n', stderr);
}

int cli_fail(const fb_error *err)
{
	char buf[1024], line[1100];
	fb_error e = *err;
	if (!strcmp(e.field, "id")) /* the core's name for a record's number */
		fb_text_copy(_("ID"), e.field, sizeof e.field);
	snprintf(line, sizeof line, _("fieldbook: %s"), fb_error_format(&e, buf, sizeof buf));
	put_clean(line);
	return EXIT_USER;
}

int cli_error(int code, const char *fmt, ...)
{
	char msg[1024], line[1100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, _("fieldbook: %s"), msg);
	put_clean(line);
	return code;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	char line[1100];
	int n = snprintf(line, sizeof line, _("fieldbook %s: "), cmd);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	put_clean(line);
	fprintf(stderr, _("Try 'fieldbook %s --help'.\n"), cmd);
	return EXIT_USAGE;
}

int cli_int(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno == ERANGE)
		return cli_error(EXIT_USER, _("%s: %s is out of range (%ld to %ld)"), opt, s, min, max);
	if (!*s || *end || errno)
		return cli_error(EXIT_USER, _("%s: '%s' is not a whole number"), opt, s);
	if (v < min || v > max)
		return cli_error(EXIT_USER, _("%s: %ld is out of range (%ld to %ld)"), opt, v, min, max);
	*out = v;
	return EXIT_OK;
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
	if (s != FB_OK || p.deleted) {
		fb_person_free(&p);
		return cli_error(EXIT_USER, _("%s: no one named '%s' (see: fieldbook person list)"), opt,
		                 name);
	}
	*id = p.id;
	fb_person_free(&p);
	return EXIT_OK;
}

int cli_group(fb_cli *cli, const char *opt, const char *name, int64_t *id)
{
	fb_group g = {0};
	fb_error err = {0};
	if (fb_group_find(cli->st, name, &g, &err) != FB_OK || g.deleted) {
		fb_group_free(&g);
		return cli_error(EXIT_USER, _("%s: no work group '%s'"), opt, name);
	}
	*id = g.id;
	fb_group_free(&g);
	return EXIT_OK;
}

int cli_category(fb_cli *cli, const char *kind, const char *opt, const char *word,
                 const char **code)
{
	static char codes[8][32];
	static int next;
	fb_category cats[64];
	int n = fb_category_list(cli->st, kind, cats, 64);
	for (int i = 0; i < n; i++) {
		if (!strcmp(word, cats[i].code) || !strcmp(word, cats[i].label_zh) ||
		    !strcasecmp(word, cats[i].label_en)) {
			char *slot = codes[next++ % 8];
			snprintf(slot, 32, "%s", cats[i].code);
			*code = slot;
			return EXIT_OK;
		}
	}
	fprintf(stderr, "fieldbook: ");
	put_clean_inline(opt, word);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s%s (%s)", i ? ", " : "", cats[i].code,
		        fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
	putc('\n', stderr);
	return EXIT_USER;
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

int cli_bad_option(const char *cmd, int c, char **argv, int optind_now)
{
	const char *arg = argv[optind_now - 1];
	if (c == ':')
		return cli_usage(cmd, _("option '%s' needs a value"), arg);
	return cli_usage(cmd, _("unknown option '%s'"), arg);
}
