/* page.c - keyset pagination (page.h): the SQL of a page relative to a
 * cursor, shared by every list in the core. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/page.h"
#include "internal.h"

int fb_page_begin(fb_page_dir dir, const fb_cursor *from, int *max, fb_error *err)
{
	if (*max > FB_PAGE_MAX)
		*max = FB_PAGE_MAX;
	if (*max <= 0)
		return 0;
	if ((dir == FB_PAGE_NEXT || dir == FB_PAGE_PREV || dir == FB_PAGE_AT) && !from) {
		fb_error_set(err, FB_EINVAL, "cursor", _("a page needs a cursor"));
		return -1;
	}
	return 1;
}

void fb_page_bind_cursor(sqlite3_stmt *s, const char *cond, const fb_cursor *from)
{
	if (!cond[0] || !from)
		return;
	sqlite3_bind_text(s, 1, from->key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, from->id);
}

/* Swap two rows of `size` bytes, a piece at a time. */
static void swap_rows(char *a, char *b, size_t size)
{
	char tmp[256];
	for (size_t done = 0; done < size; done += sizeof tmp) {
		size_t k = size - done < sizeof tmp ? size - done : sizeof tmp;
		memcpy(tmp, a + done, k);
		memcpy(a + done, b + done, k);
		memcpy(b + done, tmp, k);
	}
}

int fb_page_run(fb_store *st, sqlite3_stmt *s, int limit_param, void *rows, size_t size, int max,
                int reverse, fb_page_read_fn read, fb_error *err)
{
	char *out = rows;
	int n = 0, row = 0;
	sqlite3_bind_int(s, limit_param, max);
	while (n < max && (row = fb_store_step(st, s, err)) == 1)
		read(s, out + (size_t)n++ * size);
	sqlite3_reset(s);
	if (row < 0)
		return -1;
	for (int i = 0, j = n - 1; reverse && i < j; i++, j--)
		swap_rows(out + (size_t)i * size, out + (size_t)j * size, size);
	return n;
}

void fb_page_sql(const char *key, const char *id, int asc, int dir, char *cond, size_t csize,
                 char *order, size_t osize, int *reverse)
{
	/* Display order is key DESC (asc = 0) or key ASC. "after" the cursor in
	 * display order means smaller keys when descending. */
	const char *fwd_cmp = asc ? ">" : "<", *back_cmp = asc ? "<" : ">";
	const char *fwd_ord = asc ? "ASC" : "DESC", *back_ord = asc ? "DESC" : "ASC";
	*reverse = 0;
	cond[0] = '\0';
	switch (dir) {
	case FB_PAGE_FIRST:
		snprintf(order, osize, "%s %s, %s %s", key, fwd_ord, id, fwd_ord);
		break;
	case FB_PAGE_LAST:
		snprintf(order, osize, "%s %s, %s %s", key, back_ord, id, back_ord);
		*reverse = 1;
		break;
	case FB_PAGE_NEXT:
	case FB_PAGE_AT:
		snprintf(cond, csize, "(%s, %s) %s%s (?1, ?2)", key, id, fwd_cmp,
		         dir == FB_PAGE_AT ? "=" : "");
		snprintf(order, osize, "%s %s, %s %s", key, fwd_ord, id, fwd_ord);
		break;
	default: /* FB_PAGE_PREV */
		snprintf(cond, csize, "(%s, %s) %s (?1, ?2)", key, id, back_cmp);
		snprintf(order, osize, "%s %s, %s %s", key, back_ord, id, back_ord);
		*reverse = 1;
		break;
	}
}
