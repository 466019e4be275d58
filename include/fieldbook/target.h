/* target.h - targets set by the circulars: data, never constants in code. */
#ifndef FIELDBOOK_TARGET_H
#define FIELDBOOK_TARGET_H

#include <stdint.h>
#include "fieldbook/store.h"

typedef struct fb_target {
	int64_t id;
	char uuid[37];
	char scope[16];   /* cadre, group, leader, contact_point */
	char metric[32];  /* enterprises, workers, households, grassroots_days,
	                     contact_days, contact_units, research_topics, reports */
	char period[16];  /* programme, year, half_year, week, month */
	int64_t group_id; /* 0: applies to every group */
	int64_t value;    /* 0-100000 */
	char note[256];
	int64_t rev;
	int deleted;
} fb_target;

/* Every field against the limits table (limits.h): a known scope, measure
 * and period, the value in range, a one-line note. (The group, when given,
 * is checked by fb_target_save.) */
fb_status fb_target_validate(const fb_target *t, fb_error *err);
/* The label of a scope, measure or period code in the user's language
 * ("cadre" -> "干部"); the code itself if it is none of them. Static. */
const char *fb_target_label(const char *code);
fb_status fb_target_save(fb_store *st, fb_target *t, fb_error *err);
/* The value that applies to (scope, metric, period) for a group: the
 * group's own target if any, else the general one. FB_ENOTFOUND if none. */
fb_status fb_target_value(fb_store *st, const char *scope, const char *metric,
                          const char *period, int64_t group_id, int *value, fb_error *err);
typedef int (*fb_target_cb)(const fb_target *t, void *ctx);
fb_status fb_target_each(fb_store *st, fb_target_cb cb, void *ctx, fb_error *err);

#endif
