/* category.c - reference data lookups. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/i18n.h"

#define CAT_COLS "kind, code, label_zh, label_en, bit, sort"

static void read_row(sqlite3_stmt *s, fb_category *c)
{
	snprintf(c->kind, sizeof c->kind, "%s", (const char *)sqlite3_column_text(s, 0));
	snprintf(c->code, sizeof c->code, "%s", (const char *)sqlite3_column_text(s, 1));
	snprintf(c->label_zh, sizeof c->label_zh, "%s", (const char *)sqlite3_column_text(s, 2));
	snprintf(c->label_en, sizeof c->label_en, "%s", (const char *)sqlite3_column_text(s, 3));
	c->bit = sqlite3_column_int(s, 4);
	c->sort = sqlite3_column_int(s, 5);
}

int fb_lang_is_zh(void)
{
	static int cached = -1;
	if (cached < 0) {
		const char *lang = getenv("LANGUAGE");
		const char *msgs = setlocale(LC_MESSAGES, NULL);
		cached = (lang && !strncmp(lang, "zh", 2)) ||
		         ((!lang || !*lang) && msgs && !strncmp(msgs, "zh", 2));
	}
	return cached;
}

fb_status fb_category_get(fb_store *st, const char *kind, const char *code, fb_category *out,
                          fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT " CAT_COLS " FROM categories WHERE kind = ?1 AND code = ?2", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, code ? code : "", -1, SQLITE_STATIC);
	fb_status rc = FB_OK;
	if (sqlite3_step(s) == SQLITE_ROW)
		read_row(s, out);
	else
		rc = fb_error_set(err, FB_ENOTFOUND, kind, _("unknown %s '%s'"), kind, code ? code : "");
	sqlite3_reset(s);
	return rc;
}

int fb_category_exists(fb_store *st, const char *kind, const char *code)
{
	sqlite3_stmt *s = code ? fb_store_stmt(st, "SELECT 1 FROM categories WHERE kind = ?1 AND "
	                                           "code = ?2", NULL) : NULL;
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
	int found = fb_store_step(st, s, NULL) == 1;
	sqlite3_reset(s);
	return found;
}

const char *fb_category_label(fb_store *st, const char *kind, const char *code)
{
	/* Four buffers in turn, so one printf may show several labels. */
	static char labels[4][64];
	static unsigned turn;
	char *label = labels[turn++ % 4];
	fb_category c;
	if (fb_category_get(st, kind, code, &c, NULL) != FB_OK)
		snprintf(label, 64, "%s", code ? code : "");
	else
		snprintf(label, 64, "%s", fb_lang_is_zh() ? c.label_zh : c.label_en);
	return label;
}

int fb_category_list(fb_store *st, const char *kind, fb_category *out, int max)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT " CAT_COLS " FROM categories WHERE kind = ?1 ORDER BY sort, code", NULL);
	int n = 0;
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	while (n < max && sqlite3_step(s) == SQLITE_ROW)
		read_row(s, &out[n++]);
	sqlite3_reset(s);
	return n;
}

/* Find a category of kind by code or by either label. */
static int find_entry(fb_store *st, const char *kind, const char *word, fb_category *out)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT " CAT_COLS " FROM categories WHERE kind = ?1 AND "
	        "(code = ?2 OR label_zh = ?2 OR lower(label_en) = lower(?2))", NULL);
	int found = 0;
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, word, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		read_row(s, out);
		found = 1;
	}
	sqlite3_reset(s);
	return found;
}

fb_status fb_category_mask_parse(fb_store *st, const char *kind, const char *list, uint32_t *mask,
                                 const char *field, fb_error *err)
{
	*mask = 0;
	if (!list)
		return FB_OK;
	char *copy = strdup(list);
	if (!copy)
		return fb_error_set(err, FB_ENOMEM, field, _("out of memory"));
	/* Separators: , ; space and the ideographic comma 、 and full-width ，；. */
	for (char *p = copy; *p; p++) {
		if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3))
			memset(p, ',', 3), p += 2;
		else if (*p == ';' || *p == ' ')
			*p = ',';
	}
	fb_status rc = FB_OK;
	char *save = NULL;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		fb_category c;
		if (!find_entry(st, kind, w, &c) || c.bit < 0 || c.bit > 31) {
			rc = fb_error_set(err, FB_EINVAL, field, _("'%s' is not one of the %s"), w,
			                  fb_category_label(st, "meta_kind", kind));
			break;
		}
		*mask |= 1u << c.bit;
	}
	free(copy);
	return rc;
}

char *fb_category_mask_format(fb_store *st, const char *kind, uint32_t mask, int labels, char *out,
                              unsigned long size)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32);
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (cats[i].bit < 0 || !(mask & (1u << cats[i].bit)))
			continue;
		const char *w = labels ? (fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en)
		                       : cats[i].code;
		int k = snprintf(out + len, size - len, "%s%s", len ? (labels && fb_lang_is_zh() ? "、" : ";") : "", w);
		if (k < 0 || (size_t)k >= size - len)
			break;
		len += (size_t)k;
	}
	return out;
}
