/* fuzz_search.c - the search index finds exactly what a substring search
 * finds. Input: one byte n, then a document and a query (split at n). The
 * document goes into a bigram index like logs_fts; the query, and also a
 * stretch of the document itself, must match iff each of its space-separated
 * words occurs in the document (ASCII letters without case). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search.h"
#include "sqlstore.h"

#define CHECK(c)                                                                   \
	do {                                                                             \
		if (!(c)) {                                                                  \
			fprintf(stderr, "fuzz_search: %s:%d: %s\n", __FILE__, __LINE__, #c);     \
			abort();                                                                 \
		}                                                                            \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *ins, *del, *query;

static void setup(void)
{
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(fb_search_register(db, NULL) == FB_OK);
	CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(body, content='', detail=none,"
	                       " columnsize=0, tokenize='fb_bigram')", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "INSERT INTO f(rowid, body) VALUES (1, ?1)", -1, &ins, NULL) ==
	      SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "INSERT INTO f(f, rowid, body) VALUES ('delete', 1, ?1)", -1,
	                         &del, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH fb_search_query(?1) "
	                             "AND fb_search_verify(?1, ?2)", -1, &query, NULL) == SQLITE_OK);
}

/* 1 if q starts with U+3000 (never reads past the NUL). */
static int ideo_space(const char *q)
{
	return q[0] == '\xe3' && q[1] == '\x80' && q[2] == '\x80';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The reference: every word (split at ASCII space, tab, CR, LF and U+3000)
 * of q is in doc. */
static int expected(const char *doc, const char *q)
{
	size_t dn = strlen(doc);
	while (*q) {
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' ||
		       ideo_space(q))
			q += *q == '\xe3' ? 3 : 1;
		if (!*q)
			break;
		const char *w = q;
		while (*q && !(*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' ||
		               ideo_space(q)))
			q++;
		size_t wn = (size_t)(q - w), i, j;
		int found = 0;
		for (i = 0; !found && i + wn <= dn; i++) {
			for (j = 0; j < wn && lower((unsigned char)doc[i + j]) == lower((unsigned char)w[j]);
			     j++)
				;
			found = j == wn;
		}
		if (!found)
			return 0;
	}
	return 1;
}

static int indexed(const char *doc, const char *q)
{
	sqlite3_bind_text(query, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_text(query, 2, doc, -1, SQLITE_STATIC);
	int rc = sqlite3_step(query);
	if (rc != SQLITE_ROW)
		fprintf(stderr, "fuzz_search: query failed: %s\n", sqlite3_errmsg(db));
	CHECK(rc == SQLITE_ROW);
	int n = sqlite3_column_int(query, 0);
	sqlite3_reset(query);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	if (size < 2)
		return 0;
	size_t cut = 1 + data[0] % (size - 1);
	char *doc = strndup((const char *)data + 1, cut - 1);
	char *q = strndup((const char *)data + cut, size - cut);
	CHECK(doc && q);
	sqlite3_bind_text(ins, 1, doc, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(ins) == SQLITE_DONE);
	sqlite3_reset(ins);

	CHECK(indexed(doc, q) == expected(doc, q));
	size_t dn = strlen(doc);
	if (dn > 0) { /* any stretch of the document is found */
		size_t a = (size_t)data[size - 1] % dn, len = 1 + (size_t)data[0] % 12;
		char *part = strndup(doc + a, len);
		CHECK(part);
		CHECK(indexed(doc, part) == 1);
		free(part);
	}

	sqlite3_bind_text(del, 1, doc, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(del) == SQLITE_DONE);
	sqlite3_reset(del);
	free(doc);
	free(q);
	return 0;
}
