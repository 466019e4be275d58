/* gettext.h - gettext for every user-visible string (gettext.c).
 *
 * _("msgid") translates; N_("msgid") marks a msgid for translation later
 * (tables of labels). A msgid that means two things ("Tickets" the screen,
 * "Tickets" a column of counts) gets a context that says which one:
 * C_("screen title", "Tickets") translates with the context, NC_(ctx, s)
 * marks it for a later _(). xgettext needs --keyword=C_:1c,2 and
 * --keyword=NC_:1c,2 (assets/locale/make-en.sh, tests/cli/test_translations.sh).
 * Contexts are glued to the msgid as gettext's own pgettext does ("ctx\004s");
 * _() shows the msgid without its context when there is no translation. */
#ifndef FIELDBOOK_GETTEXT_H
#define FIELDBOOK_GETTEXT_H

#include <libintl.h>

#define FB_I18N_CONTEXT_GLUE "\004"

#define _(s) fb_gettext(s)
#define N_(s) (s)
#define C_(ctx, s) fb_gettext(ctx FB_I18N_CONTEXT_GLUE s)
#define NC_(ctx, s) (ctx FB_I18N_CONTEXT_GLUE s)

/* gettext(msgid), except that a msgid with a context glued on that has no
 * translation comes back without its context. */
char *fb_gettext(const char *msgid) __attribute__((format_arg(1)));

#endif
