/* visit.h - which units and workers a daily log covered, and how the
 * contact was made (category contact_mode: on site, video, telephone,
 * WeChat). Counts of units and workers come from these links (distinct),
 * not from the numbers typed into a log. */
#ifndef FIELDBOOK_VISIT_H
#define FIELDBOOK_VISIT_H

#include <stdint.h>
#include "fieldbook/store.h"

/* A link as a record (a bundle's row): the log, the unit or worker (0:
 * the record it named is deleted), the mode (units). */
typedef struct fb_visit_row {
	int64_t log_id;
	int64_t target_id;
	const char *mode; /* units: a contact_mode code; workers: NULL */
	int is_worker;
	int deleted;
} fb_visit_row;
/* The link's fields against the limits table (the mode), a live link
 * naming its log and its unit or worker. FB_EINVAL naming the field. */
fb_status fb_visit_validate(fb_store *st, const fb_visit_row *r, fb_error *err);

/* Link a unit to a log (a merged unit: the unit it was merged into). The
 * log and the unit live and of one group; mode a contact_mode code (NULL:
 * on_site). Linking a pair again changes its mode. */
fb_status fb_visit_add_unit(fb_store *st, int64_t log_id, int64_t unit_id, const char *mode,
                            fb_error *err);
/* Link a log to the unit its text names (the log form's unit): unit_id if
 * one was chosen (0: none), else the log's group's unit with the same name
 * key (fb_unit_name_key), else a new unit of that name (kind enterprise;
 * *added 1). before: what the log named before an edit (NULL or ""), whose
 * link to another unit of that key goes, so an edited log is not linked
 * twice. Empty text links nothing. In the caller's transaction, if any. */
fb_status fb_visit_link_named(fb_store *st, int64_t log_id, const char *text, int64_t unit_id,
                              const char *before, int *added, fb_error *err);
/* Link a worker to a log (same rules). */
fb_status fb_visit_add_worker(fb_store *st, int64_t log_id, int64_t worker_id, fb_error *err);
/* Remove a link (tombstone); FB_ENOTFOUND if there is none. */
fb_status fb_visit_remove_unit(fb_store *st, int64_t log_id, int64_t unit_id, fb_error *err);
fb_status fb_visit_remove_worker(fb_store *st, int64_t log_id, int64_t worker_id, fb_error *err);

typedef struct fb_visit_link {
	int64_t id;       /* the unit's or the worker's id */
	const char *name; /* valid during the callback */
	const char *mode; /* units: the contact mode code; workers: "" */
	int is_worker;
} fb_visit_link;
typedef int (*fb_visit_cb)(const fb_visit_link *l, void *ctx);
/* The live links of a log: units first, then workers, by name. A callback
 * returning non-zero stops. */
fb_status fb_visit_each(fb_store *st, int64_t log_id, fb_visit_cb cb, void *ctx, fb_error *err);

#endif
