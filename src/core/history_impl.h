/* history_impl.h - what the history's files share (history.c,
 * history_write.c, history_read.c, history_verify.c): the tables that have
 * a history and their fields. Not public API. */
#ifndef FIELDBOOK_HISTORY_IMPL_H
#define FIELDBOOK_HISTORY_IMPL_H

/* How a field's value reads: as it is, a category's label, a mask of
 * kinds, or the record a uuid names. */
enum { V_TEXT, V_CAT, V_MASK, V_PERSON, V_GROUP, V_LOG, V_UNIT };

typedef struct hist_field {
	const char *name;   /* the entry's field */
	const char *column; /* in the table */
	int kind;
	const char *cat;   /* V_CAT, V_MASK: the category kind */
	const char *label; /* what a person reads, N_() */
} hist_field;

typedef struct hist_table {
	const char *name;
	const hist_field *f;
	int n;
} hist_table;

/* The table called name among those with a history; NULL if it has none. */
const hist_table *fb_hist_table_of(const char *name);
/* The field called name of table t (NULL is fine); NULL if it has none. */
const hist_field *fb_hist_field_of(const hist_table *t, const char *name);

#endif
