/* templates.h - the document templates compiled into the binary
 * (assets/templates/, embedded by assets/templates/embed.cmake). */
#ifndef FIELDBOOK_TEMPLATES_H
#define FIELDBOOK_TEMPLATES_H

#include <stddef.h>

struct fb_template {
	const char *name; /* path under assets/templates, "docx/word/styles.xml" */
	const char *data; /* NUL-terminated */
	size_t size;      /* without the NUL */
};

extern const struct fb_template fb_templates[];
extern const int fb_template_count;

#endif
