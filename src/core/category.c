/* category.c - reference data, read once per store and kept in memory.
 *
 * The categories table only changes with a schema migration, which runs
 * while the store opens; so the first lookup loads every row (about a
 * hundred) into a cache the store owns, and every later lookup - a
 * validator checking each row of a million-row import - costs no SQL. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldbook/category.h"
#include "fieldbook/i18n.h"
#include "internal.h"

typedef struct cat_kind {
	char name[24];
	int first, n; /* its entries: all[first .. first + n) */
} cat_kind;

typedef struct cat_cache {
	int n;
	fb_category *all; /* ordered by kind, then sort, then code */
	int nkinds;
	cat_kind kinds[32]; /* the distinct kinds (a dozen), in order */
} cat_cache;

/* Free a category cache (the store's cache slot destructor). */
static void cache_free(void *p)
{
	cat_cache *c = p;
	if (c)
		free(c->all);
	free(c);
}

/* Read every category into a new cache; NULL with err filled in if the
 * table cannot be read. */
static cat_cache *cache_load(fb_store *st, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT kind, code, label_zh, label_en, bit, sort "
	                                    "FROM categories ORDER BY kind, sort, code", err);
	cat_cache *c = calloc(1, sizeof *c);
	int cap = 0, rc = 0;
	if (!s || !c) {
		if (s && !c)
			fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		free(c);
		return NULL;
	}
	while ((rc = fb_store_step(st, s, err)) == 1) {
		if (c->n == cap) {
			cap = cap ? cap * 2 : 128;
			fb_category *na = realloc(c->all, (size_t)cap * sizeof *na);
			if (!na) {
				fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
				rc = -1;
				break;
			}
			c->all = na;
		}
		fb_category *e = &c->all[c->n++];
		fb_col_copy(s, 0, e->kind, sizeof e->kind);
		fb_col_copy(s, 1, e->code, sizeof e->code);
		fb_col_copy(s, 2, e->label_zh, sizeof e->label_zh);
		fb_col_copy(s, 3, e->label_en, sizeof e->label_en);
		e->bit = sqlite3_column_int(s, 4);
		e->sort = sqlite3_column_int(s, 5);
	}
	sqlite3_reset(s);
	if (rc < 0) {
		cache_free(c);
		return NULL;
	}
	for (int i = 0; i < c->n; i++) { /* index the kinds (a kind past 32 is not found) */
		cat_kind *k = c->nkinds ? &c->kinds[c->nkinds - 1] : NULL;
		if (k && !strcmp(k->name, c->all[i].kind)) {
			k->n++;
		} else if (c->nkinds < 32) {
			k = &c->kinds[c->nkinds++];
			snprintf(k->name, sizeof k->name, "%s", c->all[i].kind);
			k->first = i;
			k->n = 1;
		}
	}
	return c;
}

/* The store's cache, loaded on first use; NULL (err filled in) on error. */
static const cat_cache *cache(fb_store *st, fb_error *err)
{
	cat_cache *c = fb_store_cache_get(st, FB_CACHE_CATEGORIES);
	if (!c && (c = cache_load(st, err)))
		fb_store_cache_set(st, FB_CACHE_CATEGORIES, c, cache_free);
	return c;
}

/* The entries of one kind: *first and the count (0 if none). */
static int kind_range(const cat_cache *c, const char *kind, const fb_category **first)
{
	for (int i = 0; i < c->nkinds; i++)
		if (!strcmp(c->kinds[i].name, kind)) {
			*first = c->all + c->kinds[i].first;
			return c->kinds[i].n;
		}
	*first = c->all;
	return 0;
}

/* The label of a cached entry in the user's language. */
static const char *label_of(const fb_category *c)
{
	return fb_lang_is_zh() ? c->label_zh : c->label_en;
}

int fb_category_find(fb_store *st, const char *kind, const char *code, const fb_category **out,
                     fb_error *err)
{
	const cat_cache *c = cache(st, err);
	if (!c)
		return -1;
	const fb_category *e;
	int n = kind ? kind_range(c, kind, &e) : 0;
	for (int i = 0; code && i < n; i++)
		if (!strcmp(e[i].code, code)) {
			if (out)
				*out = &e[i];
			return 1;
		}
	return 0;
}

fb_status fb_category_bits(fb_store *st, const char *kind, uint32_t *bits, fb_error *err)
{
	const cat_cache *c = cache(st, err);
	*bits = 0;
	if (!c)
		return err ? err->code : FB_EDB;
	const fb_category *e;
	int n = kind_range(c, kind, &e);
	for (int i = 0; i < n; i++)
		if (e[i].bit >= 0 && e[i].bit < 32)
			*bits |= 1u << e[i].bit;
	return FB_OK;
}

fb_status fb_category_get(fb_store *st, const char *kind, const char *code, fb_category *out,
                          fb_error *err)
{
	const fb_category *e;
	int found = fb_category_find(st, kind, code, &e, err);
	if (found < 0)
		return err ? err->code : FB_EDB;
	if (!found)
		return fb_error_set(err, FB_ENOTFOUND, kind, _("unknown %s '%s'"), kind,
		                    code ? code : "");
	*out = *e;
	return FB_OK;
}

int fb_category_exists(fb_store *st, const char *kind, const char *code)
{
	return fb_category_find(st, kind, code, NULL, NULL) == 1;
}

const char *fb_category_label(fb_store *st, const char *kind, const char *code)
{
	const fb_category *e;
	if (fb_category_find(st, kind, code, &e, NULL) == 1)
		return label_of(e);
	return code ? code : "";
}

int fb_category_list(fb_store *st, const char *kind, fb_category *out, int max)
{
	const cat_cache *c = cache(st, NULL);
	const fb_category *e;
	int n = c ? kind_range(c, kind, &e) : 0;
	if (n > max)
		n = max;
	for (int i = 0; i < n; i++)
		out[i] = e[i];
	return n;
}

/* A category of kind named by its code or either label (English without
 * case); 1 found, 0 not, -1 error. */
static int find_entry(fb_store *st, const char *kind, const char *word, const fb_category **out,
                      fb_error *err)
{
	const cat_cache *c = cache(st, err);
	if (!c)
		return -1;
	const fb_category *e;
	int n = kind_range(c, kind, &e);
	for (int i = 0; i < n; i++)
		if (!strcmp(e[i].code, word) || !strcmp(e[i].label_zh, word) ||
		    !strcasecmp(e[i].label_en, word)) {
			*out = &e[i];
			return 1;
		}
	return 0;
}

fb_status fb_category_resolve(fb_store *st, const char *kind, const char *word, fb_category *out,
                              fb_error *err)
{
	const fb_category *e;
	int r = find_entry(st, kind, word ? word : "", &e, err);
	if (r < 0)
		return err ? err->code : FB_EDB;
	if (!r)
		return fb_error_set(err, FB_ENOTFOUND, kind, _("unknown %s '%s'"), kind, word);
	*out = *e;
	return FB_OK;
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
		const fb_category *c;
		int found = find_entry(st, kind, w, &c, err);
		if (found < 0) {
			rc = err ? err->code : FB_EDB;
			break;
		}
		if (!found || c->bit < 0 || c->bit > 31) {
			rc = fb_error_set(err, FB_EINVAL, field, _("'%s' is not one of the %s"), w,
			                  fb_category_label(st, "meta_kind", kind));
			break;
		}
		*mask |= 1u << c->bit;
	}
	free(copy);
	return rc;
}

char *fb_category_mask_format(fb_store *st, const char *kind, uint32_t mask, int flags, char *out,
                              unsigned long size)
{
	const cat_cache *c = cache(st, NULL);
	const fb_category *e;
	int n = c ? kind_range(c, kind, &e) : 0;
	int labels = flags & FB_MASK_LABELS, missing = (flags & FB_MASK_MISSING) != 0;
	const char *sep = !labels ? ";" : fb_lang_is_zh() ? "、" : ", ";
	size_t len = 0;
	if (size)
		out[0] = '\0';
	for (int i = 0; i < n && size; i++) {
		if (e[i].bit < 0 || e[i].bit > 31 || !!(mask & (1u << e[i].bit)) == missing)
			continue;
		int k = snprintf(out + len, size - len, "%s%s", len ? sep : "",
		                 labels ? label_of(&e[i]) : e[i].code);
		if (k < 0 || (size_t)k >= size - len) {
			out[len] = '\0'; /* never half a label */
			break;
		}
		len += (size_t)k;
	}
	return out;
}
