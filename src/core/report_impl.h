/* report_impl.h - what the report module's files share (report_codes.c,
 * report_rows.c, report_prefill.c, report_life.c, report_render.c). Not
 * public API. */
#ifndef FIELDBOOK_REPORT_IMPL_H
#define FIELDBOOK_REPORT_IMPL_H

#include <stdint.h>
#include "fieldbook/report.h"

/* The title of a kind of report ("Weekly report"), translated. */
const char *fb_report_kind_title(fb_report_kind k);

/* Read the live revision id; *figures_text gets its stored figures (caller
 * frees). FB_ENOTFOUND naming "report" if there is none. */
fb_status fb_report_read_row(fb_store *st, int64_t id, fb_report *r, char **figures_text,
                             fb_error *err);
/* Insert a draft revision; *id gets its rowid. */
fb_status fb_report_insert_revision(fb_store *st, int64_t group_id, fb_report_kind kind,
                                    const fb_period *p, int revision_no, int64_t author_id,
                                    char *const *sections, const char *figures, int64_t *id,
                                    fb_error *err);
/* The latest revision of (group, kind, period start) into *id, 0 if none. */
fb_status fb_report_latest_id(fb_store *st, int64_t group_id, fb_report_kind kind,
                              const char *start, int64_t *id, fb_error *err);
/* Compute a period's figures into *f and their stored text into *text
 * (caller frees both: fb_report_figures_free, free). */
fb_status fb_report_figures_text(fb_store *st, int64_t group_id, const fb_period *p,
                                 fb_report_figures *f, char **text, fb_error *err);

/* The four sections of a draft written from the period's logs and figures
 * (sections[i] malloc'd; all NULL on an error). */
fb_status fb_report_prefill(fb_store *st, fb_report_kind kind, int64_t group_id, const fb_period *p,
                            const fb_report_figures *f, char **sections, fb_error *err);
/* Remember the text the sections of draft id were pre-filled with; a NULL
 * section was edited (never regenerated again). */
fb_status fb_report_store_prefill(fb_store *st, int64_t id, char *const *sections, fb_error *err);
/* Which sections of draft id still hold their pre-filled text: bit i for
 * section i into *mask. */
fb_status fb_report_unedited(fb_store *st, int64_t id, char *const *sections, unsigned *mask,
                             fb_error *err);

#endif
