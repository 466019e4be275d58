/* unit.h - the units of the contact ledger (台账): enterprises, grassroots
 * unions, communities and households, one record per real unit.
 *
 * A unit's name is matched through its key (fb_unit_name_key): full-width
 * letters and digits as half-width, no spaces or brackets, ASCII in lower
 * case, and a legal-form suffix (有限公司, 有限责任公司, 股份有限公司,
 * 公司...) cut off. Two units of a group with the same key are one unit:
 * adding the second is refused, naming the first; a name that contains
 * another's key (or is contained in it) is refused too unless the caller
 * says it is a different unit. Two records found to be one unit are merged
 * (fb_unit_merge): the visits, workers and sheets move to the kept record,
 * the other stays as history (merged_into) and the merge travels in
 * bundles. */
#ifndef FIELDBOOK_UNIT_H
#define FIELDBOOK_UNIT_H

#include <stddef.h>
#include <stdint.h>
#include "fieldbook/page.h"
#include "fieldbook/store.h"

typedef struct fb_unit {
	int64_t id;
	char uuid[37];
	int64_t group_id;          /* the group that keeps it, required */
	char kind[32];             /* category contact_kind: enterprise, union, community,
	                            * household (not worker) */
	char *name;                /* required, <= 100 characters */
	uint32_t enterprise_kinds; /* mask of the 8 kinds of enterprise (8类企业) */
	char ownership[32];        /* category ownership, "" unknown */
	char *sector;              /* trade or industry, free name */
	int64_t headcount;         /* workers employed, 0 unknown */
	char *address;
	char has_union[8]; /* "yes", "no", "unknown" */
	char *contact_person;
	char *contact_phone;
	char *note;
	int64_t merged_into; /* read only: the unit this one was merged into, 0 if none */
	int64_t rev;         /* read only */
} fb_unit;

/* One row of a unit list or of the matches offered while typing. */
typedef struct fb_unit_row {
	int64_t id;
	char name[304];
	char kind[32];
	uint32_t enterprise_kinds;
	int64_t visits;      /* live visit links (daily logs that covered it) */
	char last_visit[11]; /* date of the latest, "" if never */
	char key[304];       /* name key: the list's sort key */
} fb_unit_row;

typedef struct fb_unit_filter {
	int64_t group_id;   /* 0 any */
	const char *kind;   /* contact_kind code or NULL */
	const char *text;   /* matched as the name key (fb_unit_match's rules) or NULL */
	int include_merged; /* 1: merged records too */
} fb_unit_filter;

/* The name key of name into out (size >= strlen(name) + 1 suffices). */
char *fb_unit_name_key(const char *name, char *out, size_t size);

/* Every field against the limits table, the kind (not a worker), the group. */
fb_status fb_unit_validate(fb_store *st, const fb_unit *u, fb_error *err);
/* Validate and insert (id 0) or update (id > 0). Unless distinct is 1, a
 * unit of the group with the same name key - or whose key contains this
 * one's or is contained in it - makes the save fail with FB_EINVAL naming
 * "name" and the other unit (its id in *other if other is not NULL). */
fb_status fb_unit_save(fb_store *st, fb_unit *u, int distinct, int64_t *other, fb_error *err);
/* Read one unit (a merged one too). Free with fb_unit_free. */
fb_status fb_unit_get(fb_store *st, int64_t id, fb_unit *out, fb_error *err);
void fb_unit_free(fb_unit *u);
/* Tombstone a unit. FB_ESTATE while daily logs, workers or sheets point at
 * it (merge it into the unit it really is instead). */
fb_status fb_unit_delete(fb_store *st, int64_t id, fb_error *err);
/* Merge unit `from` into unit `into` (both live, unmerged, of one group):
 * visit links, workers, sheets and units merged into `from` move to `into`,
 * its kinds join `into`'s, and `from` keeps its row with merged_into set.
 * One transaction; every changed row gets a new revision (it travels). */
fb_status fb_unit_merge(fb_store *st, int64_t from, int64_t into, fb_error *err);

/* The units of a group (0: any) whose name key contains the key of text,
 * best first: the same key, then keys starting with it, then the shorter;
 * up to max rows into rows. Returns the count, -1 on an error. Indexed
 * (bigrams of the keys), for matching as the user types. */
int fb_unit_match(fb_store *st, int64_t group_id, const char *text, fb_unit_row *rows, int max,
                  fb_error *err);

/* A keyset page of units ordered by name key. */
int fb_unit_page(fb_store *st, const fb_unit_filter *f, fb_page_dir dir, const fb_cursor *from,
                 fb_unit_row *rows, int max, fb_error *err);
void fb_unit_row_cursor(const fb_unit_row *row, fb_cursor *c);

#endif
