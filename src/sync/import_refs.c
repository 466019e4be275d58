/* import_refs.c - what a row's references point at: the local id of the
 * record that a reference's uuid names (through a small cache per
 * reference column), and the rows of this bundle that were refused, so
 * that rows referring to them are held back without a second message. */
#include <stdint.h>
#include <string.h>

#include "import.h"

/* The cache slot of uuid, direct-mapped: a bundle's logs name a few dozen
 * authors and groups over and over. */
static unsigned ref_slot(const char *uuid)
{
	uint32_t h = 2166136261u;
	for (const char *p = uuid; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % IMP_REF_SLOTS;
}

int imp_resolve(importer *im, int j, const char *uuid, int64_t *id, int *deleted)
{
	imp_ref *slot = &im->refs[j][ref_slot(uuid)];
	if (slot->id && !strcmp(slot->uuid, uuid)) {
		*id = slot->id;
		*deleted = slot->deleted;
		return 1;
	}
	sqlite3_stmt *s = im->ref[j];
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, &im->fatal);
	if (rc == 1) {
		*id = sqlite3_column_int64(s, 0);
		*deleted = sqlite3_column_int(s, 1);
		if (strlen(uuid) < sizeof slot->uuid) {
			strcpy(slot->uuid, uuid);
			slot->id = *id;
			slot->deleted = *deleted;
		}
	}
	sqlite3_reset(s);
	return rc;
}

int imp_hold(importer *im, const char *uuid)
{
	sqlite3_reset(im->held_add);
	sqlite3_bind_text(im->held_add, 1, uuid, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, im->held_add, &im->fatal);
	sqlite3_reset(im->held_add);
	return rc < 0 ? -1 : 0;
}

int imp_is_held(importer *im, const char *uuid)
{
	sqlite3_reset(im->held_find);
	sqlite3_bind_text(im->held_find, 1, uuid, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, im->held_find, &im->fatal);
	sqlite3_reset(im->held_find);
	return rc;
}
