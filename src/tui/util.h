/* util.h - allocation that fails loudly, and reading a whole file. */
#ifndef TUI_UTIL_H
#define TUI_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Allocation that fails loudly: the hook set by tui_on_oom runs (the
 * terminal gateway restores the terminal), a message goes to stderr, and
 * the process aborts. Never return NULL. */
void *tui_xmalloc(size_t n);
void *tui_xcalloc(size_t n, size_t size);
void *tui_xrealloc(void *p, size_t n);
char *tui_xstrdup(const char *s);
/* What to run before dying of an out-of-memory (NULL: nothing). */
void tui_on_oom(void (*hook)(void));
/* The rest of an open file as a NUL-terminated string (*len its bytes when
 * len is not NULL). Caller frees. */
char *tui_read_all(FILE *f, size_t *len);

#endif
