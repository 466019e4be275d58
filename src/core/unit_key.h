/* unit_key.h - the SQL side of the units' name keys (unit.c): the function
 * fb_unit_key(name) the triggers of migration 013 use, so that a unit that
 * arrives in a bundle (or any insert without a key) gets its key. Not
 * public API. */
#ifndef FB_UNIT_KEY_H
#define FB_UNIT_KEY_H

#include <sqlite3.h>
#include "fieldbook/error.h"

/* Register fb_unit_key on a new connection (fb_store_open, before the
 * migrations). */
fb_status fb_unit_register(sqlite3 *db, fb_error *err);

#endif
