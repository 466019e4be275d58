/* draft.h - the draft file beside the database (<db>.draft, mode 0600): the
 * form being edited, written every few seconds and on a termination signal,
 * so a power cut or a kill loses at most the last seconds of typing. Knows
 * forms, not screens. */
#ifndef TUI_DRAFT_H
#define TUI_DRAFT_H

#include <stdint.h>
#include <time.h>

#include "form.h"

/* The draft being kept (one per front end). */
typedef struct tui_draft {
	char path[4200];       /* <db>.draft */
	tui_form *form;        /* the form followed, NULL when none is open */
	const char *kind;      /* "log", "ticket" */
	int64_t id;            /* the record edited, 0 new */
	char uuid[37];         /* a new record: the uuid it gets when saved */
	int64_t person;        /* whose it is: the person working when it was opened */
	char restore_uuid[37]; /* a draft being restored: its uuid, for the next form */
	time_t saved;          /* when the draft was last written */
	int interval;          /* seconds between autosaves */
} tui_draft;

/* A draft file as read back. */
typedef struct tui_draft_file {
	char kind[32];
	int64_t id;
	char uuid[37]; /* "" for an edit (the record has its uuid) */
	int64_t person; /* whose it is, 0 if the file does not say */
	time_t saved;
	char *text;    /* the form's values (tui_form_serialize); owned */
} tui_draft_file;

/* Write the form followed (atomic: a temporary file committed with
 * fb_file_commit, so it and its folder are on disk). 0, or -1 when there is
 * none or the file could not be written. */
int tui_draft_save(tui_draft *d);
/* Write the draft when the form changed and the interval has passed. */
void tui_draft_autosave(tui_draft *d);
/* Read the draft file at path: 1 and *out filled (free with
 * tui_draft_file_free), 0 when there is none or it is not a draft. */
int tui_draft_load(const char *path, tui_draft_file *out);
void tui_draft_file_free(tui_draft_file *f);
void tui_draft_remove(const tui_draft *d);
/* Remove autosave temporaries a kill left behind (older than a minute). */
void tui_draft_remove_stale(const tui_draft *d);

#endif
