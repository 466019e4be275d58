/* i18n.h - gettext for every user-visible string.
 *
 * _("msgid") translates; N_("msgid") marks a msgid for translation later
 * (tables of labels). A msgid that means two things ("Tickets" the screen,
 * "Tickets" a column of counts) gets a context that says which one:
 * C_("screen title", "Tickets") translates with the context, NC_(ctx, s)
 * marks it for a later _(). xgettext needs --keyword=C_:1c,2 and
 * --keyword=NC_:1c,2 (assets/locale/make-en.sh, tests/cli/test_translations.sh).
 * Contexts are glued to the msgid as gettext's own pgettext does ("ctx\004s");
 * _() shows the msgid without its context when there is no translation. */
#ifndef FIELDBOOK_I18N_H
#define FIELDBOOK_I18N_H

#include <libintl.h>

#include "fieldbook/error.h"

#define FB_I18N_CONTEXT_GLUE "\004"

#define _(s) fb_gettext(s)
#define N_(s) (s)
#define C_(ctx, s) fb_gettext(ctx FB_I18N_CONTEXT_GLUE s)
#define NC_(ctx, s) (ctx FB_I18N_CONTEXT_GLUE s)

/* gettext(msgid), except that a msgid with a context glued on that has no
 * translation comes back without its context. */
char *fb_gettext(const char *msgid) __attribute__((format_arg(1)));

/* Find the message catalogues and bind the text domain to them. Call once,
 * after setlocale(LC_ALL, ""). Looked for in order:
 *   $FIELDBOOK_LOCALEDIR when set (and only there);
 *   locale/ beside the executable (a build tree; never there when installed);
 *   <bindir>/../share/locale relative to the executable's real path (an
 *     installed or copied tree, whatever its prefix or DESTDIR);
 *   the configured prefix's locale directory;
 *   the build tree the program was built in (a binary copied out of it).
 * Returns FB_OK, or (the program goes on, in English) FB_ENOTFOUND when the
 * locale asks for a language other than English that has no catalogue in
 * any of those places, or when the locale the environment names is not
 * installed; err says which and where it looked, for the caller to say once
 * on stderr. */
fb_status fb_i18n_init(fb_error *err);

/* The folder the catalogues were bound to by fb_i18n_init ("" before). */
const char *fb_i18n_dir(void);

/* 1 if the UI language is Chinese: the language fb_i18n_init found a
 * catalogue for (before fb_i18n_init: the locale's). Also declared in
 * fieldbook/category.h. */
int fb_lang_is_zh(void);

#endif
