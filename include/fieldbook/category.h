/* category.h - reference data: activity kinds, enterprise and worker kinds,
 * routing levels, ticket statuses and events, roles... One table
 * (categories), seeded by migrations with Chinese and English labels, read
 * once per store and kept in memory (lookups cost no SQL). */
#ifndef FIELDBOOK_CATEGORY_H
#define FIELDBOOK_CATEGORY_H

#include <stdint.h>
#include "fieldbook/store.h"

/* Category kinds as stored in categories.kind. */
#define FB_CAT_ACTIVITY "activity"
#define FB_CAT_ENTERPRISE "enterprise_kind"
#define FB_CAT_WORKER "worker_kind"
#define FB_CAT_ROUTING "routing"
#define FB_CAT_STATUS "ticket_status"
#define FB_CAT_EVENT "ticket_event"
#define FB_CAT_ROLE "role"
#define FB_CAT_STATION "station_kind"
#define FB_CAT_PROBLEM "problem"
#define FB_CAT_CONTACT "contact_kind"
#define FB_CAT_MODE "contact_mode" /* on_site, video, phone, wechat (circulars 001, 004) */
#define FB_CAT_OWNERSHIP "ownership"

typedef struct fb_category {
	char kind[24];
	char code[32];
	char label_zh[64];
	char label_en[64];
	int bit; /* bit in a kinds mask (enterprise/worker kinds), -1 if none */
	int sort;
} fb_category;

/* 1 if (kind, code) exists; 0 also when the categories cannot be read
 * (fb_category_get then says why). */
int fb_category_exists(fb_store *st, const char *kind, const char *code);
/* Look up one category; FB_ENOTFOUND if missing. */
fb_status fb_category_get(fb_store *st, const char *kind, const char *code, fb_category *out,
                          fb_error *err);
/* Label in the user's language (zh when LC_MESSAGES is Chinese). Returns
 * the code itself if unknown ("" for NULL). The label stays valid while the
 * store is open. */
const char *fb_category_label(fb_store *st, const char *kind, const char *code);
/* The category of kind that a person means by word: its code, its Chinese
 * label or its English one (any case). FB_ENOTFOUND if none, another
 * status on a database error (err filled in either way). */
fb_status fb_category_resolve(fb_store *st, const char *kind, const char *word, fb_category *out,
                              fb_error *err);
/* All categories of a kind, in sort order, into out[max]; returns count. */
int fb_category_list(fb_store *st, const char *kind, fb_category *out, int max);
/* Parse a list of codes or labels separated by , ; or 、 into a bit mask of
 * the kind's bits. FB_EINVAL naming field on an unknown entry. */
fb_status fb_category_mask_parse(fb_store *st, const char *kind, const char *list, uint32_t *mask,
                                 const char *field, fb_error *err);
/* The one formatter of a kinds mask, into out (never cut inside a label;
 * "" when no kind is in it): with flags 0 the codes "code;code"; with
 * FB_MASK_LABELS the labels in the user's language, joined by 、 in
 * Chinese and ", " in English; with FB_MASK_MISSING the kinds the mask
 * does NOT have (the kinds not yet covered). Bits that are no kind's are
 * ignored. Returns out. */
enum { FB_MASK_LABELS = 1, FB_MASK_MISSING = 2 };
char *fb_category_mask_format(fb_store *st, const char *kind, uint32_t mask, int flags, char *out,
                              unsigned long size);
/* 1 if the UI language is Chinese (decided once from the locale). */
int fb_lang_is_zh(void);

#endif
