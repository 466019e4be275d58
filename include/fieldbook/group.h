/* group.h - work groups (蹲点工作组) and their people. */
#ifndef FIELDBOOK_GROUP_H
#define FIELDBOOK_GROUP_H

#include <stdint.h>
#include "fieldbook/store.h"

typedef struct fb_group {
	int64_t id;
	char uuid[37];
	char *name;         /* 工作组名称, required */
	char *station;      /* 蹲点单位: the town/street/zone/industry union */
	char *station_kind; /* category station_kind */
	char *county;       /* 县区 */
	char *supervisor;   /* 联系领导: the supervising HQ leader's name */
	char *started_on;   /* first day of the stay, YYYY-MM-DD, optional */
	char *ends_on;      /* last day, optional */
	int64_t rev;
	int deleted;
} fb_group;

typedef struct fb_person {
	int64_t id;
	char uuid[37];
	int64_t group_id; /* 0 for HQ staff outside any group */
	char *name;       /* required, 1-16 characters; full-width spaces kept */
	char *role;       /* category role: member, leader, hq */
	char *unit;       /* where they come from (组织部, 县总工会...) */
	char *phone;      /* text, never a number */
	char *joined_on;  /* first day of their stay, YYYY-MM-DD; NULL or "": from the
	                     * group's started_on */
	int64_t rev;
	int deleted;
} fb_person;

/* Validation: FB_EINVAL naming the field. */
fb_status fb_group_validate(fb_store *st, const fb_group *g, fb_error *err);
fb_status fb_person_validate(fb_store *st, const fb_person *p, fb_error *err);
/* The same rules without the local uniqueness of names (a group's name in
 * the database, a person's within the group), for a record that comes
 * from another device: two stations may well name their groups alike, and
 * a bundle must still arrive. */
fb_status fb_group_check(fb_store *st, const fb_group *g, fb_error *err);
fb_status fb_person_check(fb_store *st, const fb_person *p, fb_error *err);

/* Insert (id and uuid filled in) or update by id. */
fb_status fb_group_save(fb_store *st, fb_group *g, fb_error *err);
fb_status fb_person_save(fb_store *st, fb_person *p, fb_error *err);
fb_status fb_group_get(fb_store *st, int64_t id, fb_group *out, fb_error *err);
fb_status fb_person_get(fb_store *st, int64_t id, fb_person *out, fb_error *err);
/* Find a live person by name (spaces, also the ideographic one, do not
 * count: 李习 finds 李　习), optionally within a group. FB_ENOTFOUND if
 * none, FB_EINVAL naming the candidates if several. */
fb_status fb_person_find(fb_store *st, const char *name, int64_t group_id, fb_person *out,
                         fb_error *err);
/* Find a live group by name or numeric id text. */
fb_status fb_group_find(fb_store *st, const char *name_or_id, fb_group *out, fb_error *err);
/* Tombstone. */
fb_status fb_person_delete(fb_store *st, int64_t id, fb_error *err);
/* Put a removed person back on the roster (an "undelete" history entry).
 * FB_ENOTFOUND if there is no removed person with that id. */
fb_status fb_person_undelete(fb_store *st, int64_t id, fb_error *err);

/* Iterate live groups (by id) / a group's people (by role then name);
 * cb returns non-zero to stop. Rows are small and few. */
typedef int (*fb_group_cb)(const fb_group *g, void *ctx);
typedef int (*fb_person_cb)(const fb_person *p, void *ctx);
fb_status fb_group_each(fb_store *st, fb_group_cb cb, void *ctx, fb_error *err);
fb_status fb_person_each(fb_store *st, int64_t group_id, fb_person_cb cb, void *ctx, fb_error *err);

void fb_group_free(fb_group *g);
void fb_person_free(fb_person *p);

#endif
