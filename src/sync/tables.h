/* tables.h - the travelling tables as data: which columns a bundle's CSV
 * has, in which order, of what type, and how references map to UUIDs. The
 * exporter and the importer are both driven by this one description. */
#ifndef FB_SYNC_TABLES_H
#define FB_SYNC_TABLES_H

enum fb_col_kind {
	C_UUID,    /* the record's own uuid */
	C_REF,     /* another record, by uuid (ref names the table) */
	C_TEXT,    /* free text */
	C_CAT,     /* a category code (ref names the category kind) */
	C_CODE,    /* a code of the core's own (report kinds, target scopes) */
	C_INT,     /* a whole number >= 0 */
	C_DATE,    /* YYYY-MM-DD */
	C_TIME,    /* YYYY-MM-DDTHH:MM:SSZ */
	C_ORIGIN,  /* device of the last change */
	C_REV,     /* revision of the last change */
	C_UPDATED, /* updated_at */
	C_DELETED, /* tombstone, 0 or 1 */
};

enum {
	F_OPT = 1,     /* may be empty (NULL for refs, dates, times; '' for codes) */
	F_REQ = 2,     /* text that must not be blank */
	F_LATER = 4,   /* added after the first bundles: a bundle from an older
                       * fieldbook lacks the column; an insert leaves it NULL,
                       * an update keeps this database's value */
	F_LINE = 8,    /* single-line text (names, units): a short cell */
	F_DIGITS = 16, /* phone or ID number: digits Excel may have mangled */
	F_SEALED = 32  /* personal data, sealed at rest (fieldbook/seal.h): a bundle carries
	                * it opened (inside its own encryption), the import seals it */
};

typedef struct fb_sync_col {
	const char *csv; /* CSV header */
	const char *db;  /* column in the table */
	int kind;
	int flags;
	const char *ref; /* C_REF: table; C_CAT: category kind */
} fb_sync_col;

typedef struct fb_sync_table {
	const char *name;  /* table */
	const char *file;  /* member name in the zip */
	const char *label; /* what a person reads (N_(): translate with _()) */
	const fb_sync_col *cols;
	int ncols;
	int append_only; /* ticket_events: insert if missing, never update */
	/* Incremental export (rows changed after revision ?1): the condition.
	 * It also takes the rows that changed rows refer to, so that a bundle
	 * applies on its own whatever order bundles arrive in. */
	const char *since;
	/* Export for one work group (?2 = work_groups.id): the condition. */
	const char *group;
} fb_sync_table;

/* The history of one work group (?2): its records' entries, and those of
 * records of no group (people at HQ, targets for every group). A bundle
 * for one group carries these only: the chains in it have gaps. */
#define FB_SYNC_HISTORY_GROUP \
	"(t.group_uuid = '' OR t.group_uuid = (SELECT uuid FROM work_groups WHERE id = ?2))"

/* In the order they must be applied (referenced tables first). */
extern const fb_sync_table fb_sync_tables[];
extern const int fb_sync_ntables;

#endif
