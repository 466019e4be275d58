/* util.c - allocation that fails loudly, and reading a whole file (see
 * util.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void (*oom_hook)(void);

void tui_on_oom(void (*hook)(void))
{
	oom_hook = hook;
}

/* Out of memory: nothing sensible can go on. */
static void oom(size_t n)
{
	if (oom_hook)
		oom_hook();
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

char *tui_read_all(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0, k;
	char *buf = tui_xmalloc(cap);
	while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 >= cap)
			buf = tui_xrealloc(buf, cap *= 2);
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}
