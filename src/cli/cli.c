/* cli.c - helpers shared by the subcommands: opening the store, reporting
 * errors, parsing option values. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

fb_store *cli_store(fb_cli *cli, int create)
{
	if (cli->st)
		return cli->st;
	fb_error err = {0};
	if (fb_store_open(cli->db_path, create ? FB_OPEN_CREATE : 0, &cli->st, &err) != FB_OK) {
		cli_fail(&err);
		return NULL;
	}
	return cli->st;
}

int cli_fail(const fb_error *err)
{
	char buf[1024];
	fprintf(stderr, "fieldbook: %s\n", fb_error_format(err, buf, sizeof buf));
	return EXIT_USER;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("fieldbook: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	putc('\n', stderr);
	return code;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "fieldbook %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fprintf(stderr, _("Try 'fieldbook %s --help'.\n"), cmd);
	return EXIT_USAGE;
}

int cli_int(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
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
	if (fb_person_find(cli->st, name, 0, &p, &err) != FB_OK || p.deleted) {
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
	fprintf(stderr, _("%s: '%s' is not one of: "), opt, word);
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
