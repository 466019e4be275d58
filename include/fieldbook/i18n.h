/* i18n.h - the message catalogues: where they are (fb_i18n_init) and the
 * language in use. The translating calls (_(), N_(), C_()) are in
 * fieldbook/gettext.h, which this header brings in. */
#ifndef FIELDBOOK_I18N_H
#define FIELDBOOK_I18N_H

#include "fieldbook/error.h"
#include "fieldbook/gettext.h"

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
