/* worker.h - workers met (八必访), one record per person met, however often.
 *
 * name, phone, id_number and raised are personal data: they live in these
 * fields only, lists show phones and ID numbers masked (fb_mask_phone,
 * fb_mask_id), and the bundles' sealed-data rules protect them. */
#ifndef FIELDBOOK_WORKER_H
#define FIELDBOOK_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include "fieldbook/page.h"
#include "fieldbook/store.h"

typedef struct fb_worker {
	int64_t id;
	char uuid[37];
	int64_t group_id;      /* required */
	int64_t unit_id;       /* the unit they work at, 0 if none */
	char *name;            /* personal, required */
	char *phone;           /* personal, optional */
	char *id_number;       /* personal, optional: a checked resident ID */
	uint32_t worker_kinds; /* mask of the 八必访 kinds */
	char *raised;          /* personal: what they raised */
	int64_t rev;           /* read only */
} fb_worker;

typedef struct fb_worker_row {
	int64_t id;
	char name[64];
	char phone[40]; /* masked: 138****8000 */
	char unit[304];
	uint32_t worker_kinds;
	int64_t visits;
	char last_visit[11];
} fb_worker_row;

typedef struct fb_worker_filter {
	int64_t group_id; /* 0 any */
	int64_t unit_id;  /* 0 any */
	const char *text; /* part of the name, NULL any */
} fb_worker_filter;

/* A resident ID number: 18 characters, 17 digits and a check digit (0-9 or
 * X, ISO 7064 MOD 11-2) with a real date of birth, or the old 15 digits.
 * FB_EINVAL naming "id_number" with the reason (length, a character, the
 * date of birth, the check digit: the one it should be). */
fb_status fb_id_number_check(const char *id, fb_error *err);
/* "13812348000" -> "138****8000": the first three and the last four kept
 * (shorter numbers: the last two). Into out. */
char *fb_mask_phone(const char *phone, char *out, size_t size);
/* "110101199003071234" -> "1101**********1234". Into out. */
char *fb_mask_id(const char *id, char *out, size_t size);

fb_status fb_worker_validate(fb_store *st, const fb_worker *w, fb_error *err);
/* Validate and insert or update. Unless distinct is 1, a live worker of
 * the group with the same ID number, the same phone, or the same name at
 * the same unit is the same person: FB_EINVAL naming the field and that
 * worker (its id into *other). */
fb_status fb_worker_save(fb_store *st, fb_worker *w, int distinct, int64_t *other, fb_error *err);
fb_status fb_worker_get(fb_store *st, int64_t id, fb_worker *out, fb_error *err);
void fb_worker_free(fb_worker *w);
/* Tombstone; FB_ESTATE while daily logs link the worker. */
fb_status fb_worker_delete(fb_store *st, int64_t id, fb_error *err);

/* A keyset page of workers ordered by name. */
int fb_worker_page(fb_store *st, const fb_worker_filter *f, fb_page_dir dir, const fb_cursor *from,
                   fb_worker_row *rows, int max, fb_error *err);
void fb_worker_row_cursor(const fb_worker_row *row, fb_cursor *c);

#endif
