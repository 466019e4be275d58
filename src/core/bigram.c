/* bigram.c - the search index's tokenizer "fb_bigram" and the SQL functions
 * fb_search_query and fb_search_verify (search.c says how the index is
 * used). It knows SQLite and text only - nothing of the store - so the
 * store can register it on every connection without a circle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigram.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"

/* A token in every document: MATCH '"\x01"' lists every indexed log (a
 * contentless table cannot be scanned otherwise); it serves text without any
 * word character (all of it verified) and the reliability checks. */
#define MARK "\x01"
#define MAX_QUERY_TOKENS 12 /* a longer word is verified, not fully indexed */

/* 1 if cp separates words: controls, spaces, ASCII and CJK punctuation. */
static int is_separator(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		         (cp >= 'A' && cp <= 'Z') || cp == '_');
	return (cp >= 0x80 && cp <= 0xBF) ||      /* Latin-1 controls, NBSP, ¡-¿ */
	       cp == 0xD7 || cp == 0xF7 ||        /* × ÷ */
	       (cp >= 0x2000 && cp <= 0x206F) ||  /* general punctuation: “ ” — … */
	       (cp >= 0x3000 && cp <= 0x3003) ||  /* ideographic space 、。〃 */
	       (cp >= 0x3008 && cp <= 0x3011) ||  /* 〈〉《》「」『』【】 */
	       (cp >= 0x3014 && cp <= 0x301F) ||  /* 〔〕〖〗〘〙〚〛〜〝〞〟 */
	       cp == 0x30FB ||                    /* ・ */
	       (cp >= 0xFE10 && cp <= 0xFE6F) ||  /* vertical and small forms */
	       (cp >= 0xFF01 && cp <= 0xFF0F) ||  /* ！＂＃...／ */
	       (cp >= 0xFF1A && cp <= 0xFF20) ||  /* ：；＜＝＞？＠ */
	       (cp >= 0xFF3B && cp <= 0xFF40) ||  /* ［＼］＾＿｀ */
	       (cp >= 0xFF5B && cp <= 0xFF65) ||  /* ｛｜｝～ and halfwidth 。「」、・ */
	       cp == FB_REPLACEMENT;
}

/* Decode one character of s[0..n): its folded UTF-8 form goes to out (4
 * bytes room, *outlen set); returns the bytes consumed and sets *sep. */
static size_t next_char(const char *s, size_t n, char out[4], int *outlen, int *sep)
{
	uint32_t cp;
	size_t k = fb_utf8_decode(s, n, &cp);
	*sep = is_separator(cp);
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	*outlen = (int)fb_utf8_encode(cp, out);
	return k;
}

/* ---- the FTS5 tokenizer ---- */

typedef int (*token_cb)(void *ctx, int tflags, const char *tok, int ntok, int start, int end);

/* FTS5 xCreate: the tokenizer keeps no state, so one static object serves all. */
static int bigram_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	static int dummy;
	*out = (Fts5Tokenizer *)&dummy; /* stateless */
	return SQLITE_OK;
}

/* FTS5 xDelete: nothing to free (see bigram_create). */
static void bigram_delete(Fts5Tokenizer *t)
{
	(void)t;
}

/* Documents: every bigram of a run plus its last character. Queries: the
 * bigrams of a run, or the single character of a one-character run. */
static int bigram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
                           token_cb cb)
{
	(void)t;
	int query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	/* Every document carries the mark; a query for the mark alone is the
	 * only way to ask for it (controls separate words in any text). */
	if (query && ntext == 1 && text[0] == MARK[0])
		return cb(ctx, 0, MARK, 1, 0, 1);
	if (!query) {
		int rc0 = cb(ctx, 0, MARK, 1, 0, 0);
		if (rc0 != SQLITE_OK)
			return rc0;
	}
	char tok[8];
	char prev[4];
	int prevlen = 0, prevstart = 0, prevend = 0, run = 0, rc = SQLITE_OK;
	size_t i = 0, n = ntext > 0 ? (size_t)ntext : 0;
	while (i <= n && rc == SQLITE_OK) {
		char cur[4];
		int curlen = 0, sep = 1;
		size_t k = 1;
		if (i < n)
			k = next_char(text + i, n - i, cur, &curlen, &sep);
		if (sep) {
			if (run > 0 && (!query || run == 1))
				rc = cb(ctx, 0, prev, prevlen, prevstart, prevend);
			run = 0;
		} else {
			if (run > 0) {
				memcpy(tok, prev, (size_t)prevlen);
				memcpy(tok + prevlen, cur, (size_t)curlen);
				rc = cb(ctx, 0, tok, prevlen + curlen, prevstart, (int)(i + k));
			}
			memcpy(prev, cur, (size_t)curlen);
			prevlen = curlen;
			prevstart = (int)i;
			prevend = (int)(i + k);
			run++;
		}
		i += k;
	}
	return rc;
}

/* The connection's FTS5 API (NULL if SQLite was built without FTS5). */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

/* ---- the query: words to an FTS5 expression ---- */

/* Append s to the buffer b (grown as needed); -1 when out of memory. */
static int buf_add(char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t nc = (*cap ? *cap * 2 : 64) + n;
		char *nb = realloc(*b, nc);
		if (!nb)
			return -1;
		*b = nb;
		*cap = nc;
	}
	memcpy(*b + *len, s, n);
	*len += n;
	(*b)[*len] = '\0';
	return 0;
}

/* The FTS5 expression for the user's text; the mark (every log) when it has
 * no word character at all; NULL on out of memory. Caller frees. */
static char *query_expr(const char *q, int *oom)
{
	char *b = NULL;
	size_t len = 0, cap = 0, n = strlen(q), i = 0;
	char prev[4];
	int prevlen = 0, run = 0, tokens = 0;
	*oom = 0;
	while (i <= n && tokens < MAX_QUERY_TOKENS) {
		char cur[4];
		int curlen = 0, sep = 1;
		size_t k = 1;
		if (i < n)
			k = next_char(q + i, n - i, cur, &curlen, &sep);
		int bad = 0;
		if (sep) {
			if (run == 1) { /* a lone character: every token starting with it */
				bad |= buf_add(&b, &len, &cap, " \"", 2);
				bad |= buf_add(&b, &len, &cap, prev, (size_t)prevlen);
				bad |= buf_add(&b, &len, &cap, "\"*", 2);
				tokens++;
			}
			run = 0;
		} else {
			if (run > 0) {
				bad |= buf_add(&b, &len, &cap, " \"", 2);
				bad |= buf_add(&b, &len, &cap, prev, (size_t)prevlen);
				bad |= buf_add(&b, &len, &cap, cur, (size_t)curlen);
				bad |= buf_add(&b, &len, &cap, "\"", 1);
				tokens++;
			}
			memcpy(prev, cur, (size_t)curlen);
			prevlen = curlen;
			run++;
		}
		if (bad) {
			free(b);
			*oom = 1;
			return NULL;
		}
		i += k;
	}
	if (!b && buf_add(&b, &len, &cap, "\"" MARK "\"", 3) < 0)
		*oom = 1;
	return b;
}

/* SQL fb_search_query(text): the FTS5 expression for text. */
static void sql_query(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *q = (const char *)sqlite3_value_text(argv[0]);
	if (!q)
		return;
	int oom;
	char *e = query_expr(q, &oom);
	if (oom)
		sqlite3_result_error_nomem(ctx);
	else if (e)
		sqlite3_result_text(ctx, e, -1, free);
}

/* ---- verification: the row really contains every word ---- */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* 1 if h[0..hn) contains w[0..wn), ASCII letters compared without case. */
static int contains_fold(const char *h, size_t hn, const char *w, size_t wn)
{
	int alpha = 0;
	for (size_t j = 0; j < wn; j++)
		if ((w[j] >= 'a' && w[j] <= 'z') || (w[j] >= 'A' && w[j] <= 'Z'))
			alpha = 1;
	if (!alpha)
		return memmem(h, hn, w, wn) != NULL;
	for (size_t i = 0; i + wn <= hn; i++) {
		size_t j = 0;
		while (j < wn && ascii_lower((unsigned char)h[i + j]) == ascii_lower((unsigned char)w[j]))
			j++;
		if (j == wn)
			return 1;
	}
	return 0;
}

/* Length of the space (ASCII or U+3000) at s, 0 if none. */
static size_t space_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if (s[0] == '\xe3' && s[1] == '\x80' && s[2] == '\x80') /* stops at the NUL */
		return 3;
	return 0;
}

/* SQL fb_search_verify(text, col...): 1 when every space-separated word of
 * text occurs in one of the columns. */
static void sql_verify(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *q = (const char *)sqlite3_value_text(argv[0]);
	if (!q) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	while (*q) {
		size_t sp;
		while ((sp = space_len(q)) > 0)
			q += sp;
		if (!*q)
			break;
		const char *w = q;
		while (*q && !space_len(q))
			q++;
		size_t wn = (size_t)(q - w);
		int found = 0;
		for (int c = 1; c < argc && !found; c++) {
			const char *h = (const char *)sqlite3_value_text(argv[c]);
			if (h)
				found = contains_fold(h, (size_t)sqlite3_value_bytes(argv[c]), w, wn);
		}
		if (!found) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	}
	sqlite3_result_int(ctx, 1);
}

fb_status fb_bigram_register(sqlite3 *db, fb_error *err)
{
	static fts5_tokenizer tok = {bigram_create, bigram_delete, bigram_tokenize};
	fts5_api *api = fts5_api_of(db);
	if (!api || api->iVersion < 2)
		return fb_error_set(err, FB_EDB, NULL,
		                    _("this SQLite library has no full-text search (FTS5)"));
	const int fl = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (api->xCreateTokenizer(api, "fb_bigram", NULL, &tok, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "fb_search_query", 1, fl, NULL, sql_query, NULL, NULL) !=
	        SQLITE_OK ||
	    sqlite3_create_function(db, "fb_search_verify", -1, fl, NULL, sql_verify, NULL, NULL) !=
	        SQLITE_OK)
		return fb_error_set(err, FB_EDB, NULL, _("cannot set up text search: %s"),
		                    sqlite3_errmsg(db));
	return FB_OK;
}
