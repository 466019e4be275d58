/* history.h - every change of a record: who, when, what was there before.
 *
 * The core records each insert, edit (one entry per changed field, with the
 * old and the new value), delete and undelete of daily logs, tickets,
 * reports, people and targets, inside the transaction of the change, as the
 * acting person of the store (fb_store_actor; nobody when 0). Entries are
 * never changed or removed. Each device numbers its entries and chains them
 * with BLAKE2b (libsodium): an entry altered or removed afterwards is found
 * by fb_history_verify and by the bundle import. The table and the encoding
 * are described in assets/sql/009_history.sql. */
#ifndef FIELDBOOK_HISTORY_H
#define FIELDBOOK_HISTORY_H

#include <stdint.h>

#include "fieldbook/error.h"
#include "fieldbook/page.h"
#include "fieldbook/store.h"

#define FB_HISTORY_VALUE 512 /* bytes of a value a page row holds (cut on a character) */
#define FB_HISTORY_HASH 65   /* hex of a BLAKE2b-256 hash, with NUL */

/* One entry as stored and as it travels (strings are borrowed). */
typedef struct fb_history_entry {
	const char *uuid;
	const char *device;
	int64_t seq;
	int64_t rev;
	const char *at;         /* YYYY-MM-DDTHH:MM:SSZ */
	const char *actor_uuid; /* "" for nobody */
	const char *actor_name;
	const char *group_uuid; /* "" if the record has no group */
	const char *table;      /* logs, tickets, reports, people, targets */
	const char *record_uuid;
	const char *op;    /* insert, update, delete, undelete */
	const char *field; /* "" unless op is update */
	const char *old_value;
	const char *new_value;
	const char *prev_hash; /* "" for seq 1 */
	const char *hash;
} fb_history_entry;

/* The chain hash of e (every field but hash), as hex into out. */
void fb_history_hash(const fb_history_entry *e, char out[FB_HISTORY_HASH]);

/* Check an entry from outside (a bundle): its fields are well formed and
 * its hash is the hash of its fields. FB_EINVAL naming the field. */
fb_status fb_history_entry_check(const fb_history_entry *e, fb_error *err);

/* One entry of a record's history, for lists (no allocation). References
 * (author, owner, group, log) are shown as the name or number they name
 * here, codes as their label, in the language of the messages. */
typedef struct fb_history_row {
	int64_t id;
	char device[37];
	int64_t seq;
	char at[21];
	char actor[64]; /* the name as it was, "" for nobody */
	char op[12];
	char field[24];
	char old_value[FB_HISTORY_VALUE];
	char new_value[FB_HISTORY_VALUE];
} fb_history_row;

/* A page of the history of record `uuid` of `table`, oldest first
 * (keyset by time and id; see page.h). Returns the rows, -1 on an error. */
int fb_history_page(fb_store *st, const char *table, const char *uuid, fb_page_dir dir,
                    const fb_cursor *from, fb_history_row *rows, int max, fb_error *err);
void fb_history_row_cursor(const fb_history_row *row, fb_cursor *c);

/* What a person reads for an operation (已修改, updated...) and for a
 * field of a table (内容, content...), translated. */
const char *fb_history_op_label(const char *op);
const char *fb_history_field_label(const char *table, const char *field);

/* The first broken link of a whole database's chains. */
typedef struct fb_history_break {
	char device[65];
	int64_t seq;
	char msg[256]; /* why, translated */
} fb_history_break;

/* Check every device's chain: each entry's hash, each link to the entry
 * before, no entry missing of this device's own chain or of a chain
 * received whole. 0 when all hold, 1 with the first break in *brk, -1 on a
 * database error. *entries (may be NULL) gets the count checked. */
int fb_history_verify(fb_store *st, fb_history_break *brk, int64_t *entries, fb_error *err);

/* The same check over entries from..to of one device, and the entry before
 * from if this database holds it (the import, after writing a bundle's
 * entries). whole: every entry of the range, and the one before it, must
 * be here. 0, 1 broken (*brk), -1 error. */
int fb_history_verify_range(fb_store *st, const char *device, int64_t from, int64_t to, int whole,
                            fb_history_break *brk, fb_error *err);

#endif
