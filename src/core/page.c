/* page.c - keyset pagination (page.h): the SQL of a page relative to a
 * cursor, shared by every list in the core. */
#include <stdio.h>

#include "fieldbook/page.h"
#include "internal.h"

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
