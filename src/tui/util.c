/* util.c - allocation that fails loudly: restore the terminal, say why, abort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbuf.h"
#include "term.h"

/* Out of memory: nothing sensible can go on. */
static void oom(size_t n)
{
	tui_term_end();
	fprintf(stderr, "fieldbook: out of memory (%zu bytes)\n", n);
	abort();
}

void *tui_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *tui_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *tui_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *tui_xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = tui_xmalloc(n);
	memcpy(p, s ? s : "", n);
	return p;
}
