/* docx.h - editable Word documents (.docx, which Word and WPS open) laid
 * out as Chinese official documents (GB/T 9704): A4, margins 37/35/28/26 mm,
 * the title in 2号 小标宋, the body in 3号 仿宋, first-level headings in 3号
 * 黑体, second-level in 3号 楷体, a 28.9 pt line pitch, "— 1 —" page numbers.
 * The static parts come from assets/templates/docx (compiled in); the body
 * is built here and zipped with libzip. Text is XML-escaped: control
 * characters are dropped (a tab becomes a space), invalid UTF-8 becomes
 * U+FFFD, and a newline starts a new paragraph. */
#ifndef FIELDBOOK_DOCX_H
#define FIELDBOOK_DOCX_H

#include <stddef.h>
#include <stdint.h>

#include "sync.h"

typedef enum fb_docx_style {
	FB_DOCX_TITLE,    /* 2号 小标宋, centred */
	FB_DOCX_SUBTITLE, /* 3号 楷体, centred */
	FB_DOCX_HEADING1, /* 3号 黑体 */
	FB_DOCX_HEADING2, /* 3号 楷体 */
	FB_DOCX_BODY,     /* 3号 仿宋, first line indented two characters */
	FB_DOCX_SIGNATURE /* right-aligned (the signing group, the date) */
} fb_docx_style;

typedef struct fb_docx fb_docx;

/* A new empty document; NULL when out of memory. Free with fb_docx_free. */
fb_docx *fb_docx_new(void);
void fb_docx_free(fb_docx *d);
/* Append text as paragraphs of a style, one per line (an empty text makes
 * one empty paragraph). */
void fb_docx_add(fb_docx *d, fb_docx_style style, const char *text);
/* The document's word/document.xml so far. Caller frees; NULL when out of
 * memory. */
char *fb_docx_document_xml(const fb_docx *d);
/* Write the .docx at path: zipped in memory, written into a temporary file
 * beside path and renamed into place, so that path is either the whole
 * document or untouched (the temporary is removed on failure). The file is
 * always mode 0600, whatever the umask: a report's document names the
 * group's cadres and its text may name workers (personal data). FB_EIO
 * naming the file when it cannot be written, FB_ENOMEM. */
fb_status fb_docx_write(const fb_docx *d, const char *path, fb_error *err);

/* Report id as a .docx at path: title, the group and period, the figures,
 * the four sections under the kind's headings, the group and the date.
 * Only a person signed in who may read the report may have it as a
 * document (fb_perm_check_read on its group: FB_EPERM otherwise);
 * FB_ENOTFOUND for no such report. */
fb_status fb_report_docx_write(fb_store *st, int64_t id, const char *path, fb_error *err);

#endif
