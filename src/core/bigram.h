/* bigram.h - the tokenizer and SQL functions the search index needs on a
 * connection (bigram.c). Not public API: fb_search_register is. */
#ifndef FIELDBOOK_BIGRAM_H
#define FIELDBOOK_BIGRAM_H

#include <sqlite3.h>
#include "fieldbook/error.h"

/* Register "fb_bigram", fb_search_query() and fb_search_verify() on db. */
fb_status fb_bigram_register(sqlite3 *db, fb_error *err);

#endif
