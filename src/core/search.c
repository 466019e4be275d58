/* search.c - text search over daily logs.
 *
 * This first version scans: instr() over the text columns. The search index
 * (issue: benchmarks) replaces it with an index that finds two-character
 * Chinese words without reading every row. */
#include <stdio.h>

#include "fieldbook/search.h"

char *fb_search_log_condition(int param, char *out, unsigned long size)
{
	snprintf(out, size,
	         "(instr(l.unit, ?%d) OR instr(l.content, ?%d) OR instr(l.findings, ?%d) "
	         "OR instr(l.actions, ?%d) OR instr(l.next_step, ?%d))",
	         param, param, param, param, param);
	return out;
}

fb_status fb_search_bind(sqlite3_stmt *s, int param, const char *text, fb_error *err)
{
	(void)err;
	sqlite3_bind_text(s, param, text, -1, SQLITE_TRANSIENT);
	return FB_OK;
}

fb_status fb_search_register(sqlite3 *db, fb_error *err)
{
	(void)db;
	(void)err;
	return FB_OK;
}
