/* search.h - text search over daily logs (the seam between lists and the
 * search index). log.c asks for a condition and binds the user's words; how
 * the words are found (an index or a scan) is this module's business. */
#ifndef FIELDBOOK_SEARCH_H
#define FIELDBOOK_SEARCH_H

#include <sqlite3.h>
#include "fieldbook/error.h"
#include "fieldbook/store.h"

/* An SQL condition over the logs table (alias l) that is true when the log
 * contains the words bound with fb_search_bind at parameter number `param`.
 * Writes into out; returns out. */
char *fb_search_log_condition(int param, char *out, unsigned long size);
/* Bind the user's text for that condition. */
fb_status fb_search_bind(sqlite3_stmt *s, int param, const char *text, fb_error *err);
/* Register anything the condition needs on a new connection (called by
 * fb_store_open before migrations). */
fb_status fb_search_register(sqlite3 *db, fb_error *err);

#endif
