/* i18n.h - gettext for every user-visible string. */
#ifndef FIELDBOOK_I18N_H
#define FIELDBOOK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* bindtextdomain to the build tree's catalogues next to the executable when
 * present, else $FIELDBOOK_LOCALEDIR, else the installed ones. Call after
 * setlocale(LC_ALL, ""). */
void fb_i18n_init(void);

#endif
