/* gettext.c - a message in the user's language: the one call every
 * translated string goes through (_() and C_() in fieldbook/i18n.h). Apart
 * from i18n.c, which finds the catalogues and reports through error.c:
 * error.c translates its own words through this file alone. */
#include <string.h>

#include "fieldbook/gettext.h"

char *fb_gettext(const char *msgid)
{
	char *t = gettext(msgid);
	if (t == msgid) {
		const char *glue = strchr(msgid, FB_I18N_CONTEXT_GLUE[0]);
		if (glue)
			return (char *)glue + 1;
	}
	return t;
}
