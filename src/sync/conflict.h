/* conflict.h - conflicts settled by people. An import keeps the losing
 * side of a record changed on both sides in sync_conflicts (the version
 * with the higher revision stays in force, on both sides alike); here a
 * person sees the record as they know it (ticket and title, log date and
 * author), both versions side by side with what differs and who made each
 * and when, and settles it:
 *  - keep: the version in force stays; the decision (who, when) is kept;
 *  - take: the other version becomes the record again, as a new revision
 *    made here, so it travels in the next bundle and wins on the other
 *    side too; the version it replaced is kept in the conflict's row:
 *    nothing is erased. */
#ifndef FIELDBOOK_CONFLICT_H
#define FIELDBOOK_CONFLICT_H

#include <stddef.h>
#include <stdint.h>

#include "fieldbook/page.h"
#include "fieldbook/store.h"

#define FB_CONFLICT_MAX_FIELDS 24

typedef struct fb_conflict_row {
	int64_t id;
	char table[24]; /* the table ("tickets") */
	char uuid[37];
	char record[256]; /* the record as a person knows it, made visible */
	char detected_at[21];
	int resolved;
	char choice[8];      /* "", "kept", "taken" */
	char settled_by[64]; /* who settled it ("" when open or not known) */
	char settled_at[21];
} fb_conflict_row;

/* A keyset page of conflicts, newest first; open_only: only the unsettled.
 * Returns the count, -1 on an error. */
int fb_conflict_page(fb_store *st, int open_only, fb_page_dir dir, const fb_cursor *from,
                     fb_conflict_row *rows, int max, fb_error *err);
void fb_conflict_row_cursor(const fb_conflict_row *row, fb_cursor *c);

/* One field of both versions, as a person reads it (names for references,
 * labels for codes). */
typedef struct fb_conflict_field {
	const char *column; /* the bundle's column name (static) */
	char *in_force;     /* the version in force now */
	char *other;        /* the other version (kept at the conflict) */
	int differs;
} fb_conflict_field;

typedef struct fb_conflict_detail {
	fb_conflict_row row;
	int present; /* the record exists here (else only the other side) */
	fb_conflict_field f[FB_CONFLICT_MAX_FIELDS];
	int nfields;                          /* the record's own fields (not the sync columns) */
	char in_force_by[160], other_by[160]; /* who made each: the device's group, or here */
	char in_force_at[21], other_at[21];   /* when (updated_at) */
} fb_conflict_detail;

/* Conflict id with both versions. FB_ENOTFOUND if there is no such one.
 * Free with fb_conflict_detail_free. */
fb_status fb_conflict_get(fb_store *st, int64_t id, fb_conflict_detail *out, fb_error *err);
void fb_conflict_detail_free(fb_conflict_detail *d);

typedef enum fb_conflict_choice { FB_CONFLICT_KEEP, FB_CONFLICT_TAKE } fb_conflict_choice;

/* Settle conflict id with choice, by person `by` (0: nobody signed in), in
 * one transaction. FB_EINVAL (field "conflict") when it was settled before;
 * FB_ENOTFOUND when there is no such conflict. */
fb_status fb_conflict_settle(fb_store *st, int64_t id, fb_conflict_choice choice, int64_t by,
                             fb_error *err);

/* 1 if the record (table, uuid) has an open conflict, 0 if not, -1 on an
 * error. */
int fb_conflict_open_for(fb_store *st, const char *uuid, fb_error *err);

/* A bundle column's name ("due_on") as people read it (答复期限),
 * translated; an unknown one as it is. */
const char *fb_sync_column_label(const char *csv);

/* The record (table, uuid) as a person knows it: "问题 宏达机械拖欠工资
 * (城关镇蹲点组, 2026-10-01)", "工作日志 2026-11-20 王芳 宏达机械"; the
 * table's label and the uuid when it is not here. Made visible. */
char *fb_sync_record_words(fb_store *st, const char *table, const char *uuid, char *out, size_t size);

#endif
