/* page.h - keyset pagination shared by every list.
 *
 * A list is ordered by (sort key, id). A page is asked for relative to a
 * cursor - the key and id of a row already shown - so the cost of a page does
 * not depend on how deep it is (never OFFSET), and nothing holds a table in
 * memory. Pages always come back in display order. */
#ifndef FIELDBOOK_PAGE_H
#define FIELDBOOK_PAGE_H

#include <stdint.h>

typedef enum fb_page_dir {
	FB_PAGE_FIRST, /* the first rows in display order; cursor ignored */
	FB_PAGE_NEXT,  /* rows after the cursor */
	FB_PAGE_PREV,  /* rows before the cursor */
	FB_PAGE_LAST,  /* the last rows; cursor ignored */
	FB_PAGE_AT     /* rows from the cursor itself on (re-reading a page) */
} fb_page_dir;

typedef struct fb_cursor {
	char key[40]; /* sort key of the row as text (a date, a timestamp...) */
	int64_t id;   /* rowid: breaks ties between equal keys */
} fb_cursor;

#define FB_PAGE_MAX 1000 /* the largest page a list hands out */

#endif
