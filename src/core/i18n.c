/* i18n.c - finds the message catalogues wherever the program is installed
 * or copied, and says when the language asked for cannot be had. */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/i18n.h"

#define DOMAIN "fieldbook"
#define MAX_DIRS 5

static char bound_dir[PATH_MAX];
static int lang_zh = -1; /* -1 until fb_i18n_init or the first fb_lang_is_zh */

/* 1 for a locale name that means untranslated messages: C, POSIX. */
static int is_c_locale(const char *name)
{
	return !name || !*name || !strcmp(name, "C") || !strcmp(name, "POSIX");
}

/* 1 if name (a LANGUAGE entry or locale: en, en_US.UTF-8, C) is English,
 * the language of the msgids: no catalogue needed. */
static int is_english(const char *name, size_t len)
{
	if ((len == 1 || (len > 2 && name[1] == '.')) && name[0] == 'C') /* C, C.UTF-8 */
		return 1;
	if (len == 5 && !strncmp(name, "POSIX", 5))
		return 1;
	return len >= 2 && !strncmp(name, "en", 2) && (len == 2 || strchr("_.@", name[2]) != NULL);
}

/* The languages gettext tries, colon-separated, into buf ("" in the C
 * locale, where gettext ignores $LANGUAGE). */
static void wanted_languages(char *buf, size_t size)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");
	buf[0] = '\0';
	if (is_c_locale(loc))
		return;
	snprintf(buf, size, "%s", language && *language ? language : loc);
}

/* 1 if dir holds a catalogue for the language name[0..len): the name as
 * given, then without @modifier, .codeset and _territory, as gettext does. */
static int has_catalogue(const char *dir, const char *name, size_t len)
{
	char lang[64], path[PATH_MAX + 96];
	if (len >= sizeof lang)
		return 0;
	memcpy(lang, name, len);
	lang[len] = '\0';
	for (;;) {
		snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/" DOMAIN ".mo", dir, lang);
		if (access(path, R_OK) == 0)
			return 1;
		char *cut = strpbrk(lang, "@");
		if (!cut)
			cut = strpbrk(lang, ".");
		if (!cut)
			cut = strpbrk(lang, "_");
		if (!cut)
			return 0;
		*cut = '\0';
	}
}

/* Append dir to dirs (n of them so far) unless it is there already; "../"
 * at the start of rel goes up from base. Returns the new count. */
static int add_dir(char dirs[MAX_DIRS][PATH_MAX], int n, const char *base, const char *rel)
{
	char path[PATH_MAX];
	size_t len = strlen(base);
	while (rel && !strncmp(rel, "../", 3) && len > 1) {
		while (len > 1 && base[len - 1] != '/')
			len--;
		if (len > 1)
			len--; /* the slash */
		rel += 3;
	}
	if (rel && *rel)
		snprintf(path, sizeof path, "%.*s/%s", (int)len, base, rel);
	else
		snprintf(path, sizeof path, "%.*s", (int)len, base);
	for (int i = 0; i < n; i++)
		if (!strcmp(dirs[i], path))
			return n;
	if (n < MAX_DIRS)
		snprintf(dirs[n++], PATH_MAX, "%s", path);
	return n;
}

/* The places to look, in order, into dirs; returns how many. */
static int candidate_dirs(char dirs[MAX_DIRS][PATH_MAX])
{
	int n = 0;
	const char *env = getenv("FIELDBOOK_LOCALEDIR");
	if (env && *env) {
		snprintf(dirs[n++], PATH_MAX, "%s", env);
		return n;
	}
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* a build tree: the catalogues are compiled into locale/
			 * beside the binary (no installed layout has bin/locale/) */
			n = add_dir(dirs, n, exe, "locale");
			n = add_dir(dirs, n, exe, FB_LOCALEDIR_FROM_BINDIR);
		}
	}
	n = add_dir(dirs, n, FB_LOCALEDIR, NULL);
#ifdef FB_BUILD_LOCALEDIR
	n = add_dir(dirs, n, FB_BUILD_LOCALEDIR, NULL);
#endif
	return n;
}

/* The first language of list (colon-separated) that is English or has a
 * catalogue in one of dirs: its name (in name, at most size bytes) and
 * the index of its folder (-1 for English). Returns 0 when none has. */
static int find_language(const char *list, char dirs[][PATH_MAX], int ndirs, char *name,
                         size_t size, int *dir)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ":");
		if (len > 0) {
			snprintf(name, size, "%.*s", (int)len, p);
			if (is_english(p, len)) {
				*dir = -1;
				return 1;
			}
			for (int i = 0; i < ndirs; i++)
				if (has_catalogue(dirs[i], p, len)) {
					*dir = i;
					return 1;
				}
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return 0;
}

/* The locale the environment names for messages (LC_ALL, LC_MESSAGES,
 * LANG), or NULL. */
static const char *asked_locale(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

fb_status fb_i18n_init(fb_error *err)
{
	char dirs[MAX_DIRS][PATH_MAX], list[256], lang[64] = "";
	int ndirs = candidate_dirs(dirs), dir = -1;
	fb_status rc = FB_OK;
	wanted_languages(list, sizeof list);
	int found = find_language(list, dirs, ndirs, lang, sizeof lang, &dir);
	const char *asked = asked_locale();
	const char *language = getenv("LANGUAGE");
	const char *wants = language && *language ? language : asked;
	if (!list[0] && asked && !is_c_locale(asked) && strncmp(asked, "C.", 2) && wants &&
	    !is_english(wants, strcspn(wants, ":"))) {
		rc = fb_error_set(err, FB_ENOTFOUND, "",
		                  _("the locale %s is not installed (see 'locale -a'; on Debian: "
		                    "dpkg-reconfigure locales): messages are in English"),
		                  asked);
	} else if (list[0] && !found) {
		char looked[512] = "";
		size_t used = 0;
		for (int i = 0; i < ndirs && used < sizeof looked; i++)
			used += (size_t)snprintf(looked + used, sizeof looked - used, "%s%s",
			                         i ? ", " : "", dirs[i]);
		size_t first = strcspn(list, ":.@"); /* zh_CN of zh_CN.UTF-8 */
		rc = fb_error_set(err, FB_ENOTFOUND, "",
		                  _("no translation for %.*s found (looked in %s): messages are in "
		                    "English; FIELDBOOK_LOCALEDIR may name the folder that holds "
		                    "%.*s/LC_MESSAGES/fieldbook.mo"),
		                  (int)first, list, looked, (int)first, list);
	}
	if (dir < 0) /* English: bind where the English catalogue is, if anywhere */
		for (int i = 0; i < ndirs && dir < 0; i++)
			if (has_catalogue(dirs[i], "en", 2))
				dir = i;
	snprintf(bound_dir, sizeof bound_dir, "%s", dir >= 0 ? dirs[dir] : FB_LOCALEDIR);
	lang_zh = found && dir >= 0 && !strncmp(lang, "zh", 2);
	bindtextdomain(DOMAIN, bound_dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	return rc;
}

const char *fb_i18n_dir(void) { return bound_dir; }

int fb_lang_is_zh(void)
{
	if (lang_zh < 0) { /* not initialised (unit tests): the locale decides */
		char list[256];
		wanted_languages(list, sizeof list);
		size_t len = strcspn(list, ":");
		lang_zh = len >= 2 && !strncmp(list, "zh", 2) && !is_english(list, len);
	}
	return lang_zh;
}
